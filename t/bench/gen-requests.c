/* gen-requests -- write a synthetic year of authorization requests */

/*
 * The input of make bench (SPEC section 10).  The output depends only on the
 * mode, the seed and the count, so every run of the benchmark, on any
 * machine, measures the same bytes; the first N lines of a longer run are
 * the lines of a run of N.  It draws from its own SplitMix64 generator, not
 * rand(3), whose sequence differs between C libraries.
 *
 * Three kinds of record, one mode each:
 *   (default)   treatment authorization requests received in 2026, the
 *               input of due-date, tar-validate, irr-sample, letter-render;
 *   --members   CCM member records (SPEC section 3), for ccm-eligible;
 *   --audited   decided requests that also carry an auditor's outcome, for
 *               irr-score.
 *
 * The mix is meant to look like a plan's year, not to be uniform: most
 * requests are non-urgent and arrive in business hours, some arrive at
 * night, on weekends and on holidays; most decisions are timely, some are
 * late; about 3% of requests have a defect tar-validate reports.  Text is
 * plain ASCII from small tables, so nothing needs escaping.
 *
 * Speed matters (a million lines, about 650 MB): records are assembled in a
 * large buffer by hand instead of through printf.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_LINES	1000000
#define DEFAULT_SEED	UINT64_C(20260101)
#define OUT_SIZE	(1 << 20)	/* bytes written to stdout at a time */
#define RECORD_MAX	8192		/* longer than any record written */
#define NPROVIDERS	2000
#define YEAR		2026

enum mode { MODE_REQUESTS, MODE_MEMBERS, MODE_AUDITED };

enum request_type {
	URGENT_CONCURRENT, URGENT_PRESERVICE, NONURGENT_PRESERVICE, POSTSERVICE,
	NTYPES
};
#define UC	(1u << URGENT_CONCURRENT)
#define UP	(1u << URGENT_PRESERVICE)
#define NP	(1u << NONURGENT_PRESERVICE)
#define PS	(1u << POSTSERVICE)

static const char *const type_names[NTYPES] = {
	"urgent_concurrent", "urgent_preservice", "nonurgent_preservice",
	"postservice"
};

/* How a record writes its datetimes: exports differ, a record does not. */
enum tstyle { TS_OFFSET, TS_UTC, TS_LOCAL };

struct gen {
	uint64_t	 state;		/* SplitMix64 */
	int		 dst_year;	/* of dst_start and dst_end */
	int64_t		 dst_start, dst_end;	/* UTC seconds */
	char		*p;		/* next free byte of buf */
	char		 buf[OUT_SIZE + RECORD_MAX];
	char		 npi[NPROVIDERS][11];	/* the providers' NPIs */
	unsigned	 weights[NTYPES];	/* scenario weights per type */
};

struct drug {
	const char	*hcpcs, *name, *class, *administered_by;
};

struct service {
	const char	*code, *description;
	unsigned	 units_min, units_max;
};

/*
 * One kind of request: what is asked for, where, and why.  weight is its
 * relative frequency among the scenarios that occur with a request type.
 */
struct scenario {
	unsigned	 weight;
	unsigned	 types;
	const char	*setting, *category;
	const char	*pos[2];
	struct service	 service[2];	/* the second is sometimes added */
	const char	*diagnoses[4];
	const char	*indications, *history, *criteria, *reason;
	const char	*provider_kind;
	unsigned	 los_max;	/* most requested_los when inpatient */
	int		 surgical;	/* has a procedure_date */
	const struct drug *drugs;	/* one is chosen; NULL: no drug */
	unsigned	 ndrugs;
};

static const struct drug infusion_drugs[] = {
	{"J1745", "infliximab", "tnf_inhibitor", "clinic"},
	{"J1745", "infliximab", "tnf_inhibitor", "hospital"},
	{"J9312", "rituximab", "monoclonal_antibody", "physician_office"},
	{"J0135", "adalimumab", "tnf_inhibitor", "self"},
	{"J2794", "risperidone", "antipsychotic", "physician_office"},
	{"J1569", "immune globulin", "immune_globulin", "infusion_pharmacy"},
};

static const struct scenario scenarios[] = {
	{ 60, UC | UP | PS, "inpatient", "medical", {"21", "21"},
	  {{"99223", "hospital admission", 1, 1}, {NULL, NULL, 0, 0}},
	  {"J18.9", "J96.01", "E11.9", "I10"},
	  "Fever, low oxygen, pneumonia on chest x-ray.",
	  "COPD; two ER visits this year.",
	  "InterQual Acute Adult: Pneumonia",
	  "You can be treated safely outside the hospital.",
	  "Memorial Hospital", 7, 0, NULL, 0 },
	{ 40, UC | UP | PS, "inpatient", "medical", {"21", "21"},
	  {{"99222", "hospital admission", 1, 1}, {NULL, NULL, 0, 0}},
	  {"I50.23", "I11.0", "N18.30", "E78.5"},
	  "Short of breath, weight up 4 kg in a week.",
	  "Heart failure, last echo EF 30%.",
	  "InterQual Acute Adult: Heart Failure",
	  "Your heart condition can be treated in a clinic.",
	  "Memorial Hospital", 6, 0, NULL, 0 },
	{ 25, UC | NP, "inpatient", "surgical", {"21", "21"},
	  {{"27130", "hip replacement surgery", 1, 1},
	   {"97161", "physical therapy evaluation", 1, 1}},
	  {"M16.11", "M16.12", "Z79.899", NULL},
	  "Hip pain limits walking; failed injections.",
	  "X-ray: severe arthritis of the right hip.",
	  "MCG Inpatient Surgical Care: Hip Arthroplasty",
	  "Your records do not show 12 weeks of physical therapy.",
	  "Orthopedics", 3, 1, NULL, 0 },
	{ 20, UC | NP, "inpatient", "sud_residential", {"55", "55"},
	  {{"H0018", "short-term residential treatment", 14, 30},
	   {NULL, NULL, 0, 0}},
	  {"F10.20", "F11.20", "F15.20", NULL},
	  "Daily alcohol use, two failed outpatient programs.",
	  "Withdrawal seizure in 2025.",
	  "ASAM Criteria, 3rd ed., Level 3.5",
	  "An outpatient program meets your needs.",
	  "Recovery Center", 30, 0, NULL, 0 },
	{ 20, UC | NP, "ltc", "snf", {"31", "31"},
	  {{"99306", "nursing facility care", 1, 1}, {NULL, NULL, 0, 0}},
	  {"S72.001D", "Z47.89", "R26.89", NULL},
	  "Needs daily skilled therapy after hip fracture.",
	  "Hip fracture repair 2026; lives alone.",
	  "Medi-Cal Manual of Criteria, Chapter 7",
	  "You can get therapy at home.",
	  "Skilled Nursing", 0, 0, NULL, 0 },
	{ 70, UP | NP, "outpatient", "surgical", {"22", "24"},
	  {{"29881", "knee arthroscopy", 1, 1}, {NULL, NULL, 0, 0}},
	  {"M23.205", "M17.11", "M25.561", NULL},
	  "Locked knee, 8 weeks of physical therapy.",
	  "MRI shows a meniscus tear.",
	  "InterQual Knee Arthroscopy",
	  "Your records do not show 12 weeks of physical therapy.",
	  "Surgery Center", 0, 1, NULL, 0 },
	{ 50, NP, "outpatient", "surgical", {"24", "22"},
	  {{"66984", "cataract surgery", 1, 1}, {NULL, NULL, 0, 0}},
	  {"H25.11", "H25.12", "E11.9", NULL},
	  "Vision 20/70, cannot drive at night.",
	  "Cataract in the right eye.",
	  "InterQual Cataract Removal",
	  "Your vision does not yet meet the criteria.",
	  "Eye Surgery Center", 0, 1, NULL, 0 },
	{ 15, UP | NP, "outpatient", "surgical", {"22", "22"},
	  {{"93458", "heart catheterization", 1, 1}, {NULL, NULL, 0, 0}},
	  {"I25.10", "R07.9", "I20.9", NULL},
	  "Chest pain on exertion; abnormal stress test.",
	  "Smoker; father had a heart attack.",
	  "ACC AUC: Catheterization",
	  "A stress test should be done first.",
	  "Cardiology", 0, 1, NULL, 0 },
	{ 10, NP, "outpatient", "surgical", {"24", "24"},
	  {{"0275T", "spine decompression", 1, 1}, {NULL, NULL, 0, 0}},
	  {"M48.062", "M54.16", NULL, NULL},
	  "Leg pain when walking one block.",
	  "CT shows narrowing at L4-L5.",
	  "Plan Medical Policy MP-114",
	  "This treatment is still being studied.",
	  "Spine Center", 0, 1, NULL, 0 },
	{ 80, UP | NP | PS, "outpatient", "medical", {"22", "11"},
	  {{"72148", "MRI of the lower back", 1, 1}, {NULL, NULL, 0, 0}},
	  {"M54.16", "M51.26", "M54.50", NULL},
	  "Back pain to the leg for 8 weeks.",
	  "Six weeks of therapy did not help.",
	  "InterQual Imaging: Lumbar Spine MRI",
	  "Imaging is not needed before six weeks of care.",
	  "Imaging", 0, 0, NULL, 0 },
	{ 30, UP | NP, "outpatient", "medical", {"22", "11"},
	  {{"71250", "CT scan of the chest", 1, 1}, {NULL, NULL, 0, 0}},
	  {"R91.1", "J44.9", NULL, NULL},
	  "Lung nodule on x-ray.",
	  "Smoked 30 years.",
	  "InterQual Imaging: Chest CT",
	  "A scan was done three months ago.",
	  "Imaging", 0, 0, NULL, 0 },
	{ 15, NP, "outpatient", "medical", {"81", "81"},
	  {{"0037U", "tumor gene test", 1, 1}, {NULL, NULL, 0, 0}},
	  {"C34.90", "C34.11", NULL, NULL},
	  "Lung cancer, choosing treatment.",
	  "Biopsy 2026.",
	  "NCCN Non-Small Cell Lung Cancer",
	  "The test would not change your treatment.",
	  "Laboratory", 0, 0, NULL, 0 },
	{ 60, NP, "outpatient", "therapy", {"11", "11"},
	  {{"97110", "physical therapy", 8, 24},
	   {"97140", "manual therapy", 4, 12}},
	  {"M25.561", "Z96.651", "M17.11", NULL},
	  "Weak after knee surgery.",
	  "Knee replacement six weeks ago.",
	  "InterQual Outpatient Rehabilitation",
	  "Your goals can be met with a home program.",
	  "Rehabilitation", 0, 0, NULL, 0 },
	{ 40, NP, "home", "dme", {"12", "12"},
	  {{"E0250", "hospital bed", 1, 1}, {NULL, NULL, 0, 0}},
	  {"G35", "R26.2", "L89.153", NULL},
	  "Cannot turn in bed; pressure sore.",
	  "Multiple sclerosis since 2015.",
	  "Medi-Cal Manual of Criteria, DME",
	  "A standard bed with a pad meets your needs.",
	  "Medical Supply", 0, 0, NULL, 0 },
	{ 40, NP | PS, "home", "dme", {"12", "12"},
	  {{"E2103", "glucose monitor", 1, 1},
	   {"A4239", "glucose monitor supplies", 1, 3}},
	  {"E11.65", "E10.9", "Z79.4", NULL},
	  "Insulin four times a day; low blood sugars.",
	  "A1c 9.8%.",
	  "Medi-Cal Provider Manual: Continuous Glucose Monitors",
	  "You do not use insulin every day.",
	  "Medical Supply", 0, 0, NULL, 0 },
	{ 15, NP, "home", "dme", {"12", "12"},
	  {{"K0823", "power wheelchair", 1, 1}, {NULL, NULL, 0, 0}},
	  {"G12.21", "R26.89", NULL, NULL},
	  "Cannot walk or push a manual chair.",
	  "ALS since 2024.",
	  "Medi-Cal Manual of Criteria, Wheelchairs",
	  "A manual wheelchair meets your needs.",
	  "Medical Supply", 0, 0, NULL, 0 },
	{ 35, UP | NP, "home", "home_health", {"12", "12"},
	  {{"G0299", "home nursing visits", 4, 12}, {NULL, NULL, 0, 0}},
	  {"L89.153", "E11.622", "I87.2", NULL},
	  "Wound care three times a week.",
	  "Diabetic foot ulcer for two months.",
	  "MCG Home Care",
	  "Your wound can be cared for at the clinic.",
	  "Home Health", 0, 0, NULL, 0 },
	{ 25, NP, "outpatient", "mental_health", {"11", "02"},
	  {{"90837", "counseling sessions", 6, 12}, {NULL, NULL, 0, 0}},
	  {"F33.1", "F41.1", "F43.10", NULL},
	  "Low mood, not sleeping, missing work.",
	  "Depression since 2020.",
	  "APA Practice Guideline: Depression",
	  "Your plan covers this service without approval.",
	  "Behavioral Health", 0, 0, NULL, 0 },
	{ 30, NP, "home", "bht", {"12", "03"},
	  {{"97153", "behavior therapy", 40, 120},
	   {"97155", "behavior therapy planning", 8, 16}},
	  {"F84.0", "F80.2", NULL, NULL},
	  "Autism; unsafe behavior at home and school.",
	  "Speech delay.",
	  "Medi-Cal BHT Guidelines 2026",
	  "The hours asked for are more than the plan shows are needed.",
	  "Behavioral Health", 0, 0, NULL, 0 },
	{ 45, UP | NP, "outpatient", "pharmacy", {"11", "22"},
	  {{"J1745", "infusion medicine", 10, 40}, {NULL, NULL, 0, 0}},
	  {"K50.90", "M05.79", "L40.50", NULL},
	  "Flares despite two other medicines.",
	  "Crohn disease since 2018.",
	  "Plan Drug Policy: Biologic Agents",
	  "You have not yet tried the required first medicines.",
	  "Infusion Center", 0, 0, infusion_drugs,
	  sizeof(infusion_drugs) / sizeof(infusion_drugs[0]) },
	{ 70, PS, "outpatient", "emergency", {"23", "23"},
	  {{"99284", "emergency room visit", 1, 1}, {NULL, NULL, 0, 0}},
	  {"R07.9", "R10.9", "S01.81XA", NULL},
	  "Seen in the ER at night.",
	  "No prior visits.",
	  "Prudent Layperson Standard",
	  "The visit did not need approval.",
	  "Memorial Hospital", 0, 0, NULL, 0 },
	{ 10, NP, "home", "ecm", {"12", "99"},
	  {{"G9008", "care coordination", 1, 6}, {NULL, NULL, 0, 0}},
	  {"Z59.00", "F20.9", NULL, NULL},
	  "Homeless with many ER visits.",
	  "Schizophrenia.",
	  "DHCS ECM Policy Guide 2026",
	  "You are already enrolled in a similar program.",
	  "Community Clinic", 0, 0, NULL, 0 },
};
#define NSCENARIOS	(sizeof(scenarios) / sizeof(scenarios[0]))

static const char *const first_names[] = {
	"Ana", "Luis", "Maria", "Jose", "Juan", "Rosa", "Carmen", "Jesus",
	"Miguel", "Sofia", "Isabel", "Daniel", "James", "Mary", "Robert",
	"Linda", "Michael", "Susan", "David", "Karen", "John", "Lisa", "Mark",
	"Nancy", "Kevin", "Amy", "Tou", "Mai", "Pao", "Linh", "Minh", "Thu",
	"Wei", "Li", "Ming", "Tala", "Nina", "Omar", "Sara", "Ali",
};
static const char *const last_names[] = {
	"Reyes", "Ortega", "Garcia", "Lopez", "Martinez", "Hernandez",
	"Gonzalez", "Perez", "Sanchez", "Ramirez", "Torres", "Flores",
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
	"Wilson", "Anderson", "Taylor", "Moore", "Jackson", "White", "Harris",
	"Vang", "Xiong", "Lee", "Nguyen", "Tran", "Pham", "Chen", "Wong",
	"Santos", "Cruz", "Singh", "Khan", "Begay", "Yazzie",
};
static const char *const streets[] = {
	"Oak", "Pine", "Redwood", "Cedar", "Main", "Church", "Walnut", "Elm",
	"Harris", "Myrtle", "Sonoma", "Lake", "Mill", "River", "Hill", "Park",
};
static const char *const street_kinds[] = {
	"St", "Ave", "Rd", "Dr", "Ln", "Way",
};
static const char *const places[] = {
	"Redwood", "Valley", "Coastal", "Shasta", "Sonoma", "Napa", "Lake",
	"Humboldt", "Solano", "Sierra", "North Bay", "Mendocino", "Yolo",
	"Siskiyou", "Marin", "Butte",
};

/* Cities of the plan's counties with their ZIP codes. */
static const char *const cities[][2] = {
	{"Eureka", "95501"}, {"Arcata", "95521"}, {"Fortuna", "95540"},
	{"Crescent City", "95531"}, {"Redding", "96001"}, {"Anderson", "96007"},
	{"Yreka", "96097"}, {"Weaverville", "96093"}, {"Ukiah", "95482"},
	{"Fort Bragg", "95437"}, {"Lakeport", "95453"}, {"Clearlake", "95422"},
	{"Santa Rosa", "95401"}, {"Petaluma", "94952"}, {"Napa", "94558"},
	{"Fairfield", "94533"}, {"Vallejo", "94590"}, {"Vacaville", "95687"},
	{"Woodland", "95695"}, {"Davis", "95616"}, {"San Rafael", "94901"},
	{"Chico", "95926"}, {"Oroville", "95965"}, {"Susanville", "96130"},
};

/* Languages: ISO 639-1, English and Spanish most of all. */
static const char *const other_languages[] = {
	"vi", "zh", "tl", "ru", "hy", "pa", "ar", "ko", "fa", "km",
};

/*
 * Reviewers and deciders: a few hundred ids in role pools.  Nurses review
 * most requests; physicians decide denials and modifications on medical
 * necessity (SPEC section 5); pharmacists review drugs.
 */
struct pool {
	const char	*prefix;	/* id prefix */
	unsigned	 base, count;	/* ids prefix+base, on for count */
	const char	*const *roles;
	unsigned	 nroles;
};
static const char *const nurse_roles[] = {
	"nurse_coordinator", "nurse_coordinator", "nurse_coordinator",
	"nurse_coordinator", "nurse_coordinator", "nurse_lead",
	"nurse_supervisor", "coordinator",
};
static const char *const bh_roles[] = { "bh_nurse_coordinator" };
static const char *const rx_roles[] = {
	"clinical_pharmacist", "clinical_pharmacist", "pharmacy_technician",
};
static const char *const md_roles[] = {
	"physician_reviewer", "physician_reviewer", "physician_reviewer",
	"medical_director", "associate_medical_director",
	"regional_medical_director",
};
static const char *const bhd_roles[] = { "bh_clinical_director" };
enum { POOL_NURSE, POOL_BH, POOL_RX, POOL_MD, POOL_BHD };
static const struct pool pools[] = {
	{"R", 100, 240, nurse_roles, 8},
	{"R", 400, 30, bh_roles, 1},
	{"R", 500, 24, rx_roles, 3},
	{"D", 100, 48, md_roles, 6},
	{"D", 300, 3, bhd_roles, 1},
};

static const char *const barriers[] = {
	"poor_support", "fragmented_care", "health_literacy",
	"housing_instability", "transportation", "language",
};
static const char *const referral_sources[] = {
	"pcp", "hospital_discharge", "self", "utilization_report",
	"health_risk_assessment", "um_referral", "ecm_transition",
};

/* Chronic, mental health, substance use and pregnancy codes for members. */
static const char *const chronic_codes[] = {
	"E11.9", "E11.65", "E10.9", "I10", "I11.0", "I50.22", "I13.0",
	"N18.30", "N18.4", "J44.9", "J43.9", "E78.5", "E78.00", "E66.01",
	"M17.11", "G40.909",
};
static const char *const smi_codes[] = { "F20.9", "F31.9", "F33.2", "F25.0" };
static const char *const sud_codes[] = { "F11.20", "F10.20", "F15.20" };
static const char *const pregnancy_codes[] = { "Z34.00", "O09.90", "O24.410" };

static const char usage_text[] =
"usage: gen-requests [-h] [--members | --audited] [-s SEED] [LINES]\n";

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static void	 usage(int);
static uint64_t	 next(struct gen *);
static unsigned	 rnd(struct gen *, unsigned);
static unsigned	 between(struct gen *, unsigned, unsigned);
static int	 chance(struct gen *, unsigned);
static int64_t	 days_from_civil(int, unsigned, unsigned);
static void	 civil_from_days(int64_t, int *, unsigned *, unsigned *);
static int	 weekday(int64_t);
static int	 pacific_offset(struct gen *, int64_t);
static void	 put(struct gen *, const char *);
static void	 put_uint(struct gen *, unsigned long);
static void	 put_digits(struct gen *, unsigned, int);
static void	 put_pair(struct gen *, const char *, const char *);
static void	 put_date(struct gen *, int64_t);
static void	 put_datetime(struct gen *, int64_t, enum tstyle);
static void	 put_date_pair(struct gen *, const char *, int64_t);
static void	 put_time_pair(struct gen *, const char *, int64_t,
		    enum tstyle);
static void	 make_npi(struct gen *, char *, int);
static void	 put_member(struct gen *, int64_t);
static void	 put_person_id(struct gen *, const char *, unsigned,
		    const struct pool *);
static int64_t	 pick_received(struct gen *);
static const struct scenario *pick_scenario(struct gen *, enum request_type);
static void	 put_request(struct gen *, unsigned long, enum mode);
static void	 put_ccm_member(struct gen *);
static void	 flush_out(struct gen *);

static void
usage(int status)
{
	fputs(usage_text, status ? stderr : stdout);
	exit(status);
}

/* SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same everywhere. */
static uint64_t
next(struct gen *g)
{
	uint64_t	 z;

	z = (g->state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A number in [0, n), by multiplication so the low bits' bias is negligible. */
static unsigned
rnd(struct gen *g, unsigned n)
{
	return (unsigned)(((next(g) >> 32) * (uint64_t)n) >> 32);
}

/* A number in [lo, hi]. */
static unsigned
between(struct gen *g, unsigned lo, unsigned hi)
{
	return lo + rnd(g, hi - lo + 1);
}

/* True with a probability of permille / 1000. */
static int
chance(struct gen *g, unsigned permille)
{
	return rnd(g, 1000) < permille;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static int64_t
days_from_civil(int y, unsigned m, unsigned d)
{
	int64_t		 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* The inverse of days_from_civil. */
static void
civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t		 era;
	unsigned	 doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400) + (*m <= 2);
}

/* 0 for Sunday to 6 for Saturday; 1970-01-01 was a Thursday. */
static int
weekday(int64_t days)
{
	return (int)(((days % 7) + 11) % 7);
}

/*
 * The offset of America/Los_Angeles at a UTC instant, by the U.S. rule in
 * force since 2007: daylight time from 02:00 on the second Sunday of March
 * to 02:00 on the first Sunday of November.  Good for the years generated;
 * it saves depending on the system's zone files.
 */
static int
pacific_offset(struct gen *g, int64_t utc)
{
	int		 y;
	unsigned	 m, d;
	int64_t		 day;

	civil_from_days((utc - 8 * 3600) / 86400, &y, &m, &d);
	if (y != g->dst_year) {
		day = days_from_civil(y, 3, 1);
		day += (7 - weekday(day)) % 7 + 7;
		g->dst_start = day * 86400 + 10 * 3600;
		day = days_from_civil(y, 11, 1);
		day += (7 - weekday(day)) % 7;
		g->dst_end = day * 86400 + 9 * 3600;
		g->dst_year = y;
	}
	return utc >= g->dst_start && utc < g->dst_end ? -7 * 3600 : -8 * 3600;
}

static void
put(struct gen *g, const char *s)
{
	size_t		 n = strlen(s);

	memcpy(g->p, s, n);
	g->p += n;
}

static void
put_uint(struct gen *g, unsigned long v)
{
	char		 tmp[24], *q = tmp + sizeof(tmp);

	do
		*--q = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	memcpy(g->p, q, (size_t)(tmp + sizeof(tmp) - q));
	g->p += tmp + sizeof(tmp) - q;
}

/* v in exactly width digits, zero-padded (the low digits when v is wider). */
static void
put_digits(struct gen *g, unsigned v, int width)
{
	int		 i;

	for (i = width - 1; i >= 0; i--) {
		g->p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	g->p += width;
}

/* key: JSON up to the colon, as ",\"setting\":"; value needs no escape. */
static void
put_pair(struct gen *g, const char *key, const char *value)
{
	put(g, key);
	*g->p++ = '"';
	put(g, value);
	*g->p++ = '"';
}

/* YYYY-MM-DD of a day number. */
static void
put_date(struct gen *g, int64_t days)
{
	int		 y;
	unsigned	 m, d;

	civil_from_days(days, &y, &m, &d);
	put_digits(g, (unsigned)y, 4);
	*g->p++ = '-';
	put_digits(g, m, 2);
	*g->p++ = '-';
	put_digits(g, d, 2);
}

/* A UTC instant as RFC 3339 with the Pacific offset, as UTC, or plan-local. */
static void
put_datetime(struct gen *g, int64_t utc, enum tstyle style)
{
	int		 off = pacific_offset(g, utc);
	int64_t		 t = style == TS_UTC ? utc : utc + off;
	unsigned	 secs = (unsigned)(t % 86400);

	put_date(g, t / 86400);
	*g->p++ = 'T';
	put_digits(g, secs / 3600, 2);
	*g->p++ = ':';
	put_digits(g, secs / 60 % 60, 2);
	*g->p++ = ':';
	put_digits(g, secs % 60, 2);
	if (style == TS_UTC)
		*g->p++ = 'Z';
	else if (style == TS_OFFSET)
		put(g, off == -8 * 3600 ? "-08:00" : "-07:00");
}

static void
put_date_pair(struct gen *g, const char *key, int64_t days)
{
	put(g, key);
	*g->p++ = '"';
	put_date(g, days);
	*g->p++ = '"';
}

static void
put_time_pair(struct gen *g, const char *key, int64_t utc, enum tstyle style)
{
	put(g, key);
	*g->p++ = '"';
	put_datetime(g, utc, style);
	*g->p++ = '"';
}

/*
 * Writes a 10-digit NPI to buf (11 bytes): 1 or 2, eight digits, then the
 * Luhn check digit over "80840" and the first nine, which is how the NPI
 * standard defines it.  With bad set, the check digit is wrong.
 */
static void
make_npi(struct gen *g, char *buf, int bad)
{
	char		 full[15] = "80840";
	int		 i, sum, v;

	buf[0] = (char)('1' + rnd(g, 2));
	for (i = 1; i < 9; i++)
		buf[i] = (char)('0' + rnd(g, 10));
	memcpy(full + 5, buf, 9);
	/* Luhn: double every second digit from the right of the payload. */
	for (sum = 0, i = 13; i >= 0; i--) {
		v = full[i] - '0';
		if ((13 - i) % 2 == 0 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	buf[9] = (char)('0' + ((10 - sum % 10) % 10 + (bad ? 1 : 0)) % 10);
	buf[10] = '\0';
}

/*
 * The member object, with a date of birth that makes a plausible age at
 * the day `today' (a day number): a quarter children, a fifth 65 or over.
 */
static void
put_member(struct gen *g, int64_t today)
{
	/* CIN check letters: any but B, I, J, K, L, O, P, Q, R, S. */
	static const char letters[] = "ACDEFGHMNTUVWXYZ";
	unsigned	 age, lang, c;

	put(g, "\"member\":{\"id\":\"9");
	put_digits(g, rnd(g, 10000000), 7);
	*g->p++ = letters[rnd(g, sizeof(letters) - 1)];
	put_pair(g, "\",\"first_name\":",
	    first_names[rnd(g, NELEM(first_names))]);
	put_pair(g, ",\"last_name\":", last_names[rnd(g, NELEM(last_names))]);
	c = rnd(g, 100);
	age = c < 25 ? rnd(g, 21) : c < 80 ? between(g, 21, 64) :
	    between(g, 65, 99);
	put_date_pair(g, ",\"dob\":", today - (int64_t)age * 36525 / 100 -
	    rnd(g, 365));
	lang = rnd(g, 100);
	put_pair(g, ",\"language\":", lang < 70 ? "en" : lang < 92 ? "es" :
	    other_languages[rnd(g, NELEM(other_languages))]);
	put(g, ",\"address\":{\"line1\":\"");
	put_uint(g, between(g, 1, 9999));
	*g->p++ = ' ';
	put(g, streets[rnd(g, NELEM(streets))]);
	*g->p++ = ' ';
	put(g, street_kinds[rnd(g, NELEM(street_kinds))]);
	*g->p++ = '"';
	if (chance(g, 150)) {
		put(g, ",\"line2\":\"Apt ");
		put_uint(g, between(g, 1, 40));
		*g->p++ = '"';
	}
	c = rnd(g, NELEM(cities));
	put_pair(g, ",\"city\":", cities[c][0]);
	put_pair(g, ",\"state\":", "CA");
	put_pair(g, ",\"zip\":", cities[c][1]);
	put(g, "}}");
}

/* key then {"id":..., "role":...} of a person drawn from a pool. */
static void
put_person_id(struct gen *g, const char *key, unsigned i,
    const struct pool *pool)
{
	put(g, key);
	put(g, "{\"id\":\"");
	put(g, pool->prefix);
	put_uint(g, pool->base + i);
	put_pair(g, "\",\"role\":", pool->roles[i % pool->nroles]);
	*g->p++ = '}';
}

/*
 * When a request arrived, as a UTC instant in 2026.  Most arrive in business
 * hours on weekdays; weekends are drawn at a third of a weekday's rate;
 * holidays are not avoided, so some requests arrive on them.
 */
static int64_t
pick_received(struct gen *g)
{
	int64_t		 day, local;
	unsigned	 c, secs;
	int		 wd;

	day = days_from_civil(YEAR, 1, 1) + rnd(g, 365);
	wd = weekday(day);
	if ((wd == 0 || wd == 6) && !chance(g, 330))
		day = days_from_civil(YEAR, 1, 1) + rnd(g, 365);
	c = rnd(g, 100);
	if (c < 82)			/* 08:00 to 16:59 */
		secs = between(g, 8 * 3600, 17 * 3600 - 1);
	else if (c < 94)		/* the evening, up to 23:59 */
		secs = between(g, 17 * 3600, 24 * 3600 - 1);
	else				/* any time of day */
		secs = rnd(g, 86400);
	local = day * 86400 + secs;
	/* Eight hours west of UTC is a guess good to the hour of a change. */
	return local - pacific_offset(g, local + 8 * 3600);
}

/* A scenario that occurs with the type, by weight. */
static const struct scenario *
pick_scenario(struct gen *g, enum request_type type)
{
	unsigned	 i, r;

	r = rnd(g, g->weights[type]);
	for (i = 0; i < NSCENARIOS; i++) {
		if (!(scenarios[i].types & (1u << type)))
			continue;
		if (r < scenarios[i].weight)
			break;
		r -= scenarios[i].weight;
	}
	return &scenarios[i];
}

/*
 * One request.  With MODE_AUDITED every request is decided and carries an
 * auditor's outcome that agrees with the decision nine times in ten.
 */
static void
put_request(struct gen *g, unsigned long n, enum mode mode)
{
	static const char *const outcomes[] = {
		"approve", "deny", "modify", "defer"
	};
	const struct scenario *sc;
	const struct service *sv;
	const struct pool *reviewers;
	enum request_type type;
	enum tstyle	 style;
	int64_t		 received, today, decided, t;
	unsigned	 c, i, outcome, defect, reviewer, extensions;
	int		 wrote;

	c = rnd(g, 100);
	type = c < 5 ? URGENT_CONCURRENT : c < 15 ? URGENT_PRESERVICE :
	    c < 80 ? NONURGENT_PRESERVICE : POSTSERVICE;
	sc = pick_scenario(g, type);
	c = rnd(g, 100);
	style = c < 70 ? TS_OFFSET : c < 90 ? TS_UTC : TS_LOCAL;
	received = pick_received(g);
	today = (received + pacific_offset(g, received)) / 86400;
	/*
	 * About 3% of requests have one defect: 1 no history, 2 an NPI with a
	 * wrong check digit, 3 an inpatient stay without requested_los, 4 a
	 * diagnosis that is not ICD-10-CM, 5 a denial without criteria.
	 */
	defect = chance(g, 30) ? between(g, 1, 5) : 0;

	put(g, "{\"tar_id\":\"T26-");
	put_digits(g, (unsigned)n, 7);
	put(g, "\",\"case_id\":\"C26-");
	put_digits(g, (unsigned)n, 7);
	put_pair(g, "\",\"request_type\":", type_names[type]);
	put_pair(g, ",\"line_of_business\":", chance(g, 900) ? "medi-cal" :
	    "partnership-advantage");
	put_time_pair(g, ",\"received_at\":", received, style);
	*g->p++ = ',';
	put_member(g, today);
	put(g, ",\"provider\":{\"npi\":\"");
	if (defect == 2) {
		make_npi(g, g->p, 1);
		g->p += 10;
	} else
		put(g, g->npi[rnd(g, NPROVIDERS)]);
	put(g, "\",\"name\":\"");
	put(g, places[rnd(g, NELEM(places))]);
	*g->p++ = ' ';
	put(g, sc->provider_kind);
	put(g, "\"}");
	put_pair(g, ",\"setting\":", sc->setting);
	put_pair(g, ",\"category\":", sc->category);

	put(g, ",\"services\":[");
	for (i = 0; i < 2; i++) {
		sv = &sc->service[i];
		if (sv->code == NULL || (i > 0 && !chance(g, 400)))
			break;
		put_pair(g, i ? ",{\"code\":" : "{\"code\":", sv->code);
		put(g, ",\"units\":");
		put_uint(g, between(g, sv->units_min, sv->units_max));
		put_pair(g, ",\"description\":", sv->description);
		*g->p++ = '}';
	}
	put(g, "],\"diagnoses\":[");
	put_pair(g, "", defect == 4 ? "X99.ZZZZZ" : sc->diagnoses[0]);
	for (i = 1; i < 4 && sc->diagnoses[i] != NULL; i++)
		if (chance(g, 500))
			put_pair(g, ",", sc->diagnoses[i]);
	put_pair(g, "],\"clinical_indications\":", sc->indications);
	if (defect != 1)
		put_pair(g, ",\"history\":", sc->history);
	put_pair(g, ",\"place_of_service\":", sc->pos[rnd(g, 2)]);
	if (sc->los_max > 0 && defect != 3) {
		put(g, ",\"requested_los\":");
		put_uint(g, between(g, sc->los_max > 10 ? 7 : 1, sc->los_max));
	}
	if (sc->surgical && type != POSTSERVICE)
		put_date_pair(g, ",\"procedure_date\":", today +
		    (type == NONURGENT_PRESERVICE ? between(g, 7, 45) :
		    between(g, 1, 3)));
	if (type == POSTSERVICE) {
		/*
		 * Mostly billed within a few weeks; some past 15 business
		 * days (late, a few of them excused by a primary denial), a
		 * few past the one-year retrospective window.
		 */
		c = rnd(g, 100);
		t = today - (c < 70 ? between(g, 1, 20) : c < 90 ?
		    between(g, 21, 60) : c < 98 ? between(g, 61, 300) :
		    between(g, 366, 500));
		put_date_pair(g, ",\"service_date\":", t);
		if (c >= 70 && chance(g, 150))
			put_date_pair(g, ",\"primary_denial_date\":",
			    today - between(g, 0, 70));
		else if (c >= 70 && chance(g, 50))
			put_date_pair(g, ",\"retro_eligibility_date\":",
			    today - between(g, 0, 70));
	}
	if (type == URGENT_CONCURRENT) {
		/* The facility reports most admissions within a day. */
		t = received - between(g, 0, 7200);
		put_time_pair(g, ",\"admitted_at\":", t - (chance(g, 900) ?
		    between(g, 3600, 20 * 3600) :
		    between(g, 25 * 3600, 72 * 3600)), style);
		put_time_pair(g, ",\"admission_notified_at\":", t, style);
	}
	if (sc->drugs != NULL) {
		const struct drug *d = &sc->drugs[rnd(g, sc->ndrugs)];

		put_pair(g, ",\"drug\":{\"hcpcs\":", d->hcpcs);
		put_pair(g, ",\"name\":", d->name);
		put_pair(g, ",\"class\":", d->class);
		put_pair(g, ",\"administered_by\":", d->administered_by);
		*g->p++ = '}';
	}
	extensions = 0;
	if (type != POSTSERVICE && chance(g, 30))
		extensions = type == NONURGENT_PRESERVICE && chance(g, 150) ?
		    2 : 1;
	put(g, ",\"extensions\":");
	put_uint(g, extensions);

	if (strcmp(sc->category, "pharmacy") == 0)
		reviewers = &pools[POOL_RX];
	else if (strcmp(sc->category, "mental_health") == 0 ||
	    strcmp(sc->category, "sud_residential") == 0 ||
	    strcmp(sc->category, "bht") == 0)
		reviewers = &pools[POOL_BH];
	else if (chance(g, 100))
		reviewers = &pools[POOL_MD];
	else
		reviewers = &pools[POOL_NURSE];
	reviewer = rnd(g, reviewers->count);
	put_person_id(g, ",\"reviewer\":", reviewer, reviewers);

	if (mode != MODE_AUDITED && !chance(g, 800)) {
		put(g, "}\n");
		return;
	}
	/*
	 * The decision: its delay mostly within the type's deadline (72
	 * hours; 5 business days; 30 calendar days), some late.
	 */
	if (type == URGENT_CONCURRENT || type == URGENT_PRESERVICE)
		decided = received + (chance(g, 930) ?
		    between(g, 2 * 3600, 70 * 3600) :
		    between(g, 73 * 3600, 120 * 3600));
	else if (type == NONURGENT_PRESERVICE)
		decided = received + (chance(g, 900) ?
		    between(g, 1800, 6 * 86400) :
		    between(g, 7 * 86400, 14 * 86400));
	else
		decided = received + (chance(g, 920) ?
		    between(g, 86400, 29 * 86400) :
		    between(g, 31 * 86400, 45 * 86400));
	decided += (int64_t)extensions * between(g, 5 * 86400, 12 * 86400);
	if (type == NONURGENT_PRESERVICE || type == POSTSERVICE) {
		/* Staff decide these in office hours: 08:00 to 17:59 local. */
		t = decided + pacific_offset(g, decided);
		t = t - t % 86400 + between(g, 8 * 3600, 18 * 3600 - 1);
		t -= pacific_offset(g, t + 8 * 3600);
		if (t > received)
			decided = t;
	}
	c = rnd(g, 100);
	outcome = c < 75 ? 0 : c < 87 ? 1 : c < 95 ? 2 : 3;
	put_pair(g, ",\"decision\":{\"outcome\":", outcomes[outcome]);
	c = rnd(g, 100);
	put_pair(g, ",\"basis\":", outcome == 0 || outcome == 3 || c < 85 ?
	    "medical_necessity" : c < 95 ? "benefit" : "administrative");
	put_time_pair(g, ",\"at\":", decided, style);
	if (outcome == 1 || outcome == 2)
		put_pair(g, ",\"reason\":", sc->reason);
	else if (outcome == 3)
		put_pair(g, ",\"reason\":",
		    "We need the notes from your last visit.");
	if (outcome == 0 || outcome == 3 || defect != 5)
		put_pair(g, ",\"criteria\":", sc->criteria);
	if (outcome == 1 || outcome == 2) {
		/*
		 * Physicians decide denials and modifications; a few by the
		 * reviewer, which tar-validate reports when it is a nurse.
		 */
		if (reviewers == &pools[POOL_BH] && chance(g, 300))
			put_person_id(g, ",\"by\":",
			    rnd(g, pools[POOL_BHD].count), &pools[POOL_BHD]);
		else if (chance(g, 980))
			put_person_id(g, ",\"by\":",
			    rnd(g, pools[POOL_MD].count), &pools[POOL_MD]);
		else
			put_person_id(g, ",\"by\":", reviewer, reviewers);
	} else
		put_person_id(g, ",\"by\":", reviewer, reviewers);
	if (outcome == 2) {
		sv = &sc->service[0];
		put_pair(g, ",\"approved\":{\"description\":", sv->description);
		put(g, ",\"units\":");
		put_uint(g, sv->units_min);
		*g->p++ = '}';
	}
	*g->p++ = '}';

	/* Notices: recorded on most decisions, a few late. */
	if (chance(g, 700)) {
		wrote = 0;
		put(g, ",\"notified\":{");
		if (chance(g, 900)) {
			put_time_pair(g, "\"practitioner_at\":", decided +
			    (chance(g, 950) ? between(g, 60, 20 * 3600) :
			    between(g, 25 * 3600, 60 * 3600)), style);
			wrote = 1;
		}
		put_time_pair(g, wrote ? ",\"member_mailed_at\":" :
		    "\"member_mailed_at\":", decided + (chance(g, 950) ?
		    between(g, 3600, 2 * 86400) :
		    between(g, 4 * 86400, 8 * 86400)), style);
		*g->p++ = '}';
	}
	if (mode == MODE_AUDITED) {
		c = chance(g, 920) ? outcome : (outcome + between(g, 1, 3)) % 4;
		put_pair(g, ",\"audit\":{\"outcome\":", outcomes[c]);
		put(g, ",\"by\":\"AU");
		put_digits(g, rnd(g, 12), 2);
		put(g, "\"}");
	}
	put(g, "}\n");
}

/* One CCM member record (SPEC section 3), identified during 2026. */
static void
put_ccm_member(struct gen *g)
{
	static const char *const flags[] = {
		"spd_needs_ccm", "wcm_needs_ccm", "ccs_eligible", "needs_icp",
		"pregnant"
	};
	static const unsigned flag_permille[] = { 150, 60, 40, 450, 30 };
	int64_t		 identified;
	unsigned	 i, n, c, pa;
	int		 first;

	identified = pick_received(g);
	*g->p++ = '{';
	put_member(g, (identified - 8 * 3600) / 86400);
	pa = chance(g, 150);
	put_pair(g, ",\"line_of_business\":", pa ? "partnership-advantage" :
	    "medi-cal");
	c = rnd(g, 100);
	put(g, ",\"coverage\":{\"partnership_primary\":");
	put(g, !pa && c < 88 ? "true" : "false");
	put(g, ",\"partnership_secondary_responsible\":");
	put(g, !pa && c >= 88 && c < 94 ? "true" : "false");
	put(g, ",\"dual_full_benefit\":");
	put(g, (pa && c < 90) || (!pa && c < 12) ? "true" : "false");
	put(g, "},\"ecm_enrolled\":");
	put(g, chance(g, 80) ? "true" : "false");

	put(g, ",\"diagnoses\":[");
	first = 1;
	n = rnd(g, 5);
	for (i = 0; i < n; i++) {
		put_pair(g, first ? "" : ",",
		    chronic_codes[rnd(g, NELEM(chronic_codes))]);
		first = 0;
	}
	if (chance(g, 100)) {
		put_pair(g, first ? "" : ",",
		    smi_codes[rnd(g, NELEM(smi_codes))]);
		first = 0;
	}
	if (chance(g, 80)) {
		put_pair(g, first ? "" : ",",
		    sud_codes[rnd(g, NELEM(sud_codes))]);
		first = 0;
	}
	if (chance(g, 30))
		put_pair(g, first ? "" : ",",
		    pregnancy_codes[rnd(g, NELEM(pregnancy_codes))]);
	*g->p++ = ']';
	for (i = 0; i < NELEM(flags); i++) {
		*g->p++ = ',';
		*g->p++ = '"';
		put(g, flags[i]);
		put(g, chance(g, flag_permille[i]) ? "\":true" : "\":false");
	}
	put(g, ",\"barriers\":[");
	n = chance(g, 400) ? between(g, 1, 2) : 0;
	c = rnd(g, NELEM(barriers));
	for (i = 0; i < n; i++)
		put_pair(g, i ? "," : "", barriers[(c + i) % NELEM(barriers)]);
	*g->p++ = ']';
	put_time_pair(g, ",\"identified_at\":", identified, TS_OFFSET);
	put_pair(g, ",\"referral_source\":",
	    referral_sources[rnd(g, NELEM(referral_sources))]);
	if (chance(g, 300))
		put_time_pair(g, ",\"enrolled_at\":", identified +
		    between(g, 3 * 86400, 40 * 86400), TS_OFFSET);
	put(g, ",\"pcp\":{\"name\":\"");
	put(g, places[rnd(g, NELEM(places))]);
	put_pair(g, " Community Clinic\",\"npi\":", g->npi[rnd(g, NPROVIDERS)]);
	put(g, ",\"phone\":\"707-");
	put_digits(g, between(g, 200, 999), 3);
	*g->p++ = '-';
	put_digits(g, rnd(g, 10000), 4);
	put_pair(g, "\"},\"care_coordinator\":{\"name\":",
	    first_names[rnd(g, NELEM(first_names))]);
	put(g, ",\"phone\":\"707-555-");
	put_digits(g, rnd(g, 10000), 4);
	put(g, "\"}}\n");
}

/* Writes the buffer to stdout; a closed pipe ends the program quietly. */
static void
flush_out(struct gen *g)
{
	size_t		 len = (size_t)(g->p - g->buf);

	if (len > 0 && fwrite(g->buf, 1, len, stdout) != len) {
		if (errno == EPIPE)
			exit(0);
		perror("gen-requests: write");
		exit(2);
	}
	g->p = g->buf;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{"audited",	no_argument,		NULL,	'a'},
		{"help",	no_argument,		NULL,	'h'},
		{"members",	no_argument,		NULL,	'm'},
		{"seed",	required_argument,	NULL,	's'},
		{NULL,		0,			NULL,	0}
	};
	static struct gen gen;	/* about 1 MB: not on the stack */
	struct gen	*g = &gen;
	enum mode	 mode = MODE_REQUESTS;
	unsigned long	 lines = DEFAULT_LINES, n;
	uint64_t	 seed = DEFAULT_SEED;
	char		*end, *start;
	int		 ch, i;

	while ((ch = getopt_long(argc, argv, "ahms:", longopts, NULL)) != -1)
		switch (ch) {
		case 'a':
			mode = MODE_AUDITED;
			break;
		case 'h':
			usage(0);
			break;
		case 'm':
			mode = MODE_MEMBERS;
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0') {
				fprintf(stderr, "gen-requests: bad seed\n");
				usage(2);
			}
			break;
		default:
			usage(2);
		}
	if (argc - optind > 1)
		usage(2);
	if (argc - optind == 1) {
		errno = 0;
		lines = strtoul(argv[optind], &end, 10);
		if (errno != 0 || end == argv[optind] || *end != '\0' ||
		    lines > 9999999) {
			fprintf(stderr, "gen-requests: LINES must be a number "
			    "from 0 to 9999999\n");
			usage(2);
		}
	}

	g->state = seed;
	g->p = g->buf;
	for (i = 0; i < NPROVIDERS; i++)
		make_npi(g, g->npi[i], 0);
	for (i = 0; i < (int)NSCENARIOS; i++)
		for (ch = 0; ch < NTYPES; ch++)
			if (scenarios[i].types & (1u << ch))
				g->weights[ch] += scenarios[i].weight;
	for (n = 1; n <= lines; n++) {
		start = g->p;
		if (mode == MODE_MEMBERS)
			put_ccm_member(g);
		else
			put_request(g, n, mode);
		if (g->p - start >= RECORD_MAX) {
			fprintf(stderr, "gen-requests: record %lu too long\n",
			    n);
			abort();
		}
		if (g->p - g->buf >= OUT_SIZE)
			flush_out(g);
	}
	flush_out(g);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno == EPIPE)
			return 0;
		perror("gen-requests: write");
		return 2;
	}
	return 0;
}
