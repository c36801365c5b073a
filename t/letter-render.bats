#!/usr/bin/env bats
# letter-render: notices from templates (SPEC section 8).  The records in
# t/fixtures/letter-render/ are realistic requests and CCM members; the
# sentences checked are the ones the policy requires the letters to say.

load helper

F="$FIXTURES/letter-render"
ASOF=2026-03-10T12:00:00-07:00

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# The body of the first letter written, as text.
body() {
	printf '%s\n' "$output" | jq -r 'select(.letter.body) | .letter.body'
}

# A fixture with member.language set: lang FILE CODE.
lang() {
	jq -c --arg l "$2" '.member.language = $l' "$F/$1"
}

# --- each letter in English and Spanish -----------------------------------

@test "an English denial names the member, the care, the reason, the criteria and the appeal" {
	run -0 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" "$F/denial.jsonl"
	assert_equal "$stderr" ""
	assert_equal "$(json -c '.letter | del(.body)')" \
	    '{"template":"noa-denial","language":"en","format":"text"}'
	run -0 body
	assert_line "Dear Ana Reyes:"
	assert_line "March 10, 2026"
	assert_line "Request number: T26-000001"
	assert_line "Notice of Action: We said no to a request for your care"
	assert_line "Your provider, Valley Orthopedics, asked us to approve this care for you:"
	assert_line "- knee surgery with a small camera"
	assert_line "On March 3, 2026, we said no to this request."
	assert_line "Your records show 8 weeks of physical therapy. The rules ask for 12 weeks first."
	assert_line "- InterQual 2026 Knee Arthroscopy"
	assert_line "A doctor made this choice after looking at the records your provider sent us."
	assert_line "You have 60 days from the date of this letter to ask."
	assert_line "If waiting 30 days could hurt your health, ask for a fast appeal."
	assert_line "Ask for a State Fair Hearing."
	assert_line "You can ask for a free copy of the rules we used to decide."
	assert_line "Partnership follows federal civil rights laws."
	assert_line --partial "English: ATTENTION: If you need help in your language, call (800) 863-4155 (TTY: 711)."
}

@test "a Spanish denial is in Spanish, with the date spelled in Spanish" {
	run -0 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(lang denial.jsonl es)
	assert_equal "$(json -r .letter.language)" es
	run -0 body
	assert_line "10 de marzo de 2026"
	assert_line "Número de solicitud: T26-000001"
	assert_line "Aviso de acción: Dijimos que no a una solicitud de atención para usted"
	assert_line "Estimado(a) Ana Reyes:"
	assert_line "El 3 de marzo de 2026, dijimos que no a esta solicitud."
	assert_line "- InterQual 2026 Knee Arthroscopy"
	assert_line "Tiene 60 días a partir de la fecha de esta carta para pedirla."
	assert_line "Pida una apelación rápida."
	assert_line "Pida una Audiencia Estatal Imparcial (State Fair Hearing)."
	assert_line "Puede pedir una copia gratis de las reglas que usamos para decidir."
	refute_line --partial "We said"
}

@test "a modification notice says what was approved instead, in English and Spanish" {
	run -0 --separate-stderr letter-render -t noa-modify --as-of "$ASOF" "$F/modify.jsonl"
	run -0 body
	assert_line "Dear José Martínez:"
	assert_line "On March 6, 2026, we said yes to a different amount or type of care than your provider asked for."
	assert_line "- physical therapy visits for the lower back (amount: 6)"
	assert_line "Your provider asked for 12 visits. The rules allow 6 visits first."
	assert_line "- MCG 2026 Physical Therapy, Low Back"
	assert_line "You have 60 days from the date of this letter to ask."
	run -0 --separate-stderr letter-render -t noa-modify --as-of "$ASOF" < <(lang modify.jsonl es)
	run -0 body
	assert_line "El 6 de marzo de 2026, dijimos que sí a una cantidad o un tipo de atención diferente de lo que pidió su proveedor."
	assert_line "- physical therapy visits for the lower back (cantidad: 6)"
	assert_line "Lo que aprobamos"
}

render_delay() {
	due-date --as-of "$ASOF" "$F/delay.jsonl" | letter-render -t noa-delay --as-of "$ASOF" "$@"
}

@test "a delay notice gives due-date's new decision date and what the plan waits for" {
	# Received Friday 2026-03-06; extended once, the decision is due 14
	# calendar days after the date of receipt: Friday 2026-03-20.
	run -0 --separate-stderr render_delay
	run -0 body
	assert_line "Dear Mai Vang:"
	assert_line "We got the request on March 6, 2026."
	assert_line "We will decide by March 20, 2026."
	assert_line "We are waiting for the notes from your visit with the nerve doctor on February 20."
	assert_line "If we do not decide by March 20, 2026, you can ask for an appeal as if we said no."
	run -0 --separate-stderr render_delay -l es
	run -0 body
	assert_line "Recibimos la solicitud el 6 de marzo de 2026."
	assert_line "Decidiremos a más tardar el 20 de marzo de 2026."
}

@test "a delay notice without due.decision_by is a record error, not a letter without a date" {
	run -1 --separate-stderr letter-render -t noa-delay --as-of "$ASOF" "$F/delay.jsonl"
	assert_equal "$stderr" "letter-render: $F/delay.jsonl:1: .due.decision_by: no value (template noa-delay.en.tmpl:40)"
	assert_equal "$(json -c .letter)" '{"error":".due.decision_by: no value (template noa-delay.en.tmpl:40)"}'
}

@test "the decision letter to the practitioner offers a talk with the physician reviewer" {
	run -0 --separate-stderr letter-render -t provider-decision -l en --as-of "$ASOF" "$F/denial.jsonl"
	run -0 body
	assert_line "Valley Orthopedics"
	assert_line "400 Harris St"
	assert_line "Suite 2"
	assert_line "Eureka, CA 95503"
	assert_line "Request (TAR) number: T26-000001"
	assert_line "Member: Ana Reyes, born February 11, 1958"
	assert_line "Authorization decision: denied"
	assert_line "- 29881: knee surgery with a small camera (units requested: 1)"
	assert_line "Criteria used: InterQual 2026 Knee Arthroscopy"
	assert_line "This decision was made on medical necessity by Dr. Kim."
	assert_line --partial "You may discuss it with the physician reviewer: call the Utilization Management Department at (800) 863-4155"
	run -0 --separate-stderr letter-render -t provider-decision -l es --as-of "$ASOF" "$F/denial.jsonl"
	run -0 body
	assert_line "Decisión de autorización: denegada"
	assert_line "Hable de esta decisión con el médico revisor"
}

@test "an approval to the practitioner has no reason, criteria or appeal section" {
	run -0 --separate-stderr letter-render -t provider-decision --as-of "$ASOF" "$F/approve.jsonl"
	run -0 body
	assert_line "Authorization decision: approved"
	assert_line "The request is approved."
	refute_line "Reason"
	refute_line --partial "physician reviewer"
	refute_line "Appeal on behalf of the member"
}

@test "a request for information lists tar-validate's errors in plain words" {
	run -0 --separate-stderr letter-render -t rfi -l en --as-of "$ASOF" "$F/invalid.jsonl"
	run -0 body
	assert_line "St. Joseph Hospital"
	assert_line "Request for information"
	assert_line "Member's date of birth: July 14, 1950"
	assert_line "We cannot review treatment authorization request T26-000201 yet."
	assert_line "- the provider's NPI must be ten digits with a correct check digit (field: provider.npi)"
	assert_line "- an inpatient request needs a requested length of stay (field: requested_los)"
	# This member reads Spanish: without -l the letter follows them.
	run -0 --separate-stderr letter-render -t rfi --as-of "$ASOF" "$F/invalid.jsonl"
	run -0 body
	assert_line "Solicitud de información"
	assert_line "- an inpatient request needs a requested length of stay (campo: requested_los)"
}

@test "a request for information with nothing to ask is a record error" {
	run -1 --separate-stderr letter-render -t rfi --as-of "$ASOF" < <(jq -c '.validation.errors = []' "$F/invalid.jsonl")
	assert_equal "$stderr" "letter-render: -:1: .validation.errors | nonempty: no value (template rfi.es.tmpl:52)"
	assert_equal "$(json -r '.letter.body // "none"')" none
}

@test "the outreach letter invites the member and names the care coordinator" {
	run -0 --separate-stderr letter-render -t ccm-outreach --as-of 2026-05-15 "$F/ccm.jsonl"
	run -0 body
	assert_line "May 15, 2026"
	assert_line "Dear Dana Whitfield:"
	assert_line "We tried to call you, but we could not reach you."
	assert_line "The program is free."
	assert_line "If you say no, your Medi-Cal benefits will not change."
	assert_line "Call Maria Lopez at (707) 555-0100."
	assert_line "If we do not hear from you, we will close your case."
	run -0 --separate-stderr letter-render -t ccm-outreach --as-of 2026-05-15 < <(lang ccm.jsonl es | jq -c 'del(.care_coordinator)')
	run -0 body
	assert_line "Tratamos de llamarle, pero no pudimos comunicarnos con usted."
	assert_line "Llame a Servicios para Miembros al (800) 863-4155 y pida hablar con Coordinación de Atención."
}

@test "the enrollment letter confirms the date, the coordinator and the right to leave at any time" {
	run -0 --separate-stderr letter-render -t ccm-enrollment --as-of 2026-05-13 "$F/ccm.jsonl"
	run -0 body
	assert_line "Thank you for joining our Complex Case Management program on May 12, 2026."
	assert_line "Your care coordinator is Maria Lopez."
	assert_line "- Weigh myself every morning (by July 12, 2026)"
	assert_line "- eat less salt"
	assert_line "You can leave the program at any time."
	assert_line "- We will send a letter about the program to your doctor, Dr. Helen Ortiz."
	run -0 --separate-stderr letter-render -t ccm-enrollment --as-of 2026-05-13 < <(lang ccm.jsonl es)
	run -0 body
	assert_line "Gracias por unirse a nuestro programa de Manejo de Casos Complejos (Complex Case Management) el 12 de mayo de 2026."
	assert_line "Puede dejar el programa en cualquier momento."
	assert_line "- Weigh myself every morning (para el 12 de julio de 2026)"
}

@test "the letter to the primary care provider carries the care plan" {
	run -0 --separate-stderr letter-render -t ccm-pcp --as-of 2026-05-13 "$F/ccm.jsonl"
	run -0 body
	assert_line "Dr. Helen Ortiz"
	assert_line "1200 Texas St"
	assert_line "Enrolled in Complex Case Management: May 12, 2026"
	assert_line "Goal: Weigh myself every morning"
	assert_line "Priority: high"
	assert_line "Target date: July 12, 2026"
	assert_line "Interventions: scale provided; reminder calls"
	# A goal without barriers has no Barriers line, rather than a blank.
	assert_equal "$(printf '%s\n' "$output" | grep -c '^Barriers:')" 1
	assert_line "- Meals on Wheels of Solano County"
	assert_line "The care coordinator will contact the member every 14 days."
	run -0 --separate-stderr letter-render -t ccm-pcp --as-of 2026-05-13 < <(lang ccm.jsonl es)
	run -0 body
	assert_line "Prioridad: alta"
	assert_line "Fecha objetivo: 12 de julio de 2026"
}

@test "member letters name services by description and never show a code" {
	for t in noa-denial:denial noa-modify:modify noa-delay:delay; do
		run -0 --separate-stderr letter-render -t ${t%:*} --as-of "$ASOF" < <(
		    jq -c '.due.decision_by = "2026-03-20T23:59:59-07:00"' "$F/${t#*:}.jsonl")
		run -0 body
		refute_output --partial 29881
		refute_output --partial 97110
		refute_output --partial 70553
		refute_output --partial M23.205
		refute_output --partial M54.50
	done
}

@test "a service without a description is a record error" {
	run -1 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(jq -c 'del(.services[0].description)' "$F/denial.jsonl")
	assert_equal "$stderr" "letter-render: -:1: .description: no value (template noa-denial.en.tmpl:36)"
}

# --- languages -------------------------------------------------------------

@test "a language without a template falls back to English and says so" {
	run -0 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(lang denial.jsonl fr)
	assert_equal "$(json -c '.letter | del(.body)')" \
	    '{"template":"noa-denial","language":"en","requested_language":"fr","format":"text"}'
	run -0 body
	assert_line --partial "This letter is in English because we do not have it in your language yet."
	assert_line "Dear Ana Reyes:"
}

@test "the fallback note is in the member's own language when the taglines have it" {
	run -0 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(lang denial.jsonl vi)
	run -0 body
	assert_line --partial "Thư này bằng tiếng Anh vì chúng tôi chưa có thư này bằng tiếng Việt."
	refute_line --partial "This letter is in English"
}

@test "a member who reads English gets no fallback note" {
	run -0 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(jq -c 'del(.member.language)' "$F/denial.jsonl")
	assert_equal "$(json -r .letter.language)" en
	refute_output --partial "This letter is in English"
	refute_output --partial requested_language
}

@test "a language code is compared in lower case without its region" {
	run -0 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(lang denial.jsonl ES-mx)
	assert_equal "$(json -r .letter.language)" es
}

@test "a language that is not a code is a record error" {
	run -1 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(lang denial.jsonl Spanish)
	assert_equal "$stderr" "letter-render: -:1: member.language: not a language code such as en or es"
	assert_equal "$(json -c .letter)" '{"error":"member.language: not a language code such as en or es"}'
}

# --- missing values --------------------------------------------------------

@test "a missing value is a record error naming the field and the template line, and no letter" {
	run -1 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(jq -c 'del(.member.first_name)' "$F/denial.jsonl"; cat "$F/denial.jsonl")
	assert_equal "$stderr" "letter-render: -:1: .member.first_name: no value (template _member-address.tmpl:7)"
	assert_equal "$(json -c '.letter | keys')" '["error"]
["body","format","language","template"]'
}

@test "null, an empty text and an object are no more a value than a missing field" {
	run -1 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(
	    jq -c '.decision.reason = null' "$F/denial.jsonl"
	    jq -c '.decision.reason = "  "' "$F/denial.jsonl"
	    jq -c '.decision.reason = {"text": "x"}' "$F/denial.jsonl")
	assert_equal "$(json -r .letter.error)" ".decision.reason: no value (template noa-denial.en.tmpl:43)
.decision.reason: no value (an empty text) (template noa-denial.en.tmpl:43)
.decision.reason: not a text or a number (template noa-denial.en.tmpl:43)"
}

@test "a date that does not exist is a record error" {
	run -1 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(jq -c '.decision.at = "2026-02-30"' "$F/denial.jsonl")
	assert_equal "$stderr" "letter-render: -:1: .decision.at: not a date that exists (template noa-denial.en.tmpl:39)"
}

# --- HTML ------------------------------------------------------------------

@test "HTML is a whole page with the letterhead, the window address and 18 point taglines" {
	run -0 --separate-stderr letter-render -t noa-denial -f html --as-of "$ASOF" "$F/denial.jsonl"
	assert_equal "$(json -r .letter.format)" html
	run -0 body
	assert_line --index 0 "<!DOCTYPE html>"
	assert_line '<html lang="en">'
	assert_line '<meta charset="utf-8"/>'
	assert_line "<title>Notice of Action: We said no to a request for your care</title>"
	assert_line '<div class="letterhead">'
	assert_line '<div class="address">'
	assert_line "<p>Ana Reyes<br/>"
	assert_line '<div class="taglines">'
	assert_line "<li>knee surgery with a small camera</li>"
	assert_line "<p>On March 3, 2026, we said <strong>no</strong> to this request.</p>"
	assert_line --partial ".taglines p, .taglines li, .taglines h2 { font-size: 18pt; }"
	assert_line --partial "@media print {"
	assert_line "</html>"
}

@test "the HTML page is well-formed" {
	command -v xmllint >/dev/null || skip "xmllint is not installed"
	run -0 --separate-stderr letter-render -t noa-denial -f html --as-of "$ASOF" "$F/denial.jsonl"
	body > page.html
	run -0 xmllint --noout page.html
}

@test "HTML escapes every inserted value" {
	run -0 --separate-stderr letter-render -t noa-denial -f html --as-of "$ASOF" < <(jq -c '.decision.reason = "<script>alert(\"x\")</script> & '"'"'more'"'"'" | .member.first_name = "<b>Ana</b>"' "$F/denial.jsonl")
	run -0 body
	refute_output --partial "<script>"
	refute_output --partial "<b>Ana"
	assert_line "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;</p>"
	assert_line "<p>Dear &lt;b&gt;Ana&lt;/b&gt; Reyes:</p>"
}

@test "data that looks like a template or markup is inserted as it is" {
	run -0 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(jq -c '.decision.reason = "{{ $plan.name }} {{#if .x}}" | .member.first_name = "# Ana"' "$F/denial.jsonl")
	run -0 body
	assert_line "{{ \$plan.name }} {{#if .x}}"
	assert_line "Dear # Ana Reyes:"
	run -0 --separate-stderr letter-render -t noa-denial -f html --as-of "$ASOF" < <(jq -c '.decision.reason = "- {{ $plan }}\n# x **y**"' "$F/denial.jsonl")
	run -0 body
	assert_line "<p>- {{ \$plan }}<br/># x **y**</p>"
}

# --- files -----------------------------------------------------------------

@test "--out-dir writes one file per record, named by the request number" {
	run -0 --separate-stderr letter-render -t noa-denial --out-dir letters --as-of "$ASOF" "$F/denial.jsonl" "$F/modify.jsonl"
	assert_equal "$(json -c .letter)" '{"template":"noa-denial","language":"en","format":"text","path":"letters/T26-000001.txt"}
{"template":"noa-denial","language":"en","format":"text","path":"letters/T26-000002.txt"}'
	run -0 letter-render -t noa-denial --as-of "$ASOF" "$F/denial.jsonl"
	assert_equal "$(cat letters/T26-000001.txt)" "$(body)"
	assert_equal "$(ls -A letters)" "T26-000001.txt
T26-000002.txt"
}

@test "unsafe file names are record errors and write nothing" {
	mkdir letters
	for name in '"../x"' '""' '"..."' '".hidden"'; do
		run -1 --separate-stderr letter-render -t noa-denial --out-dir letters --name "$name" --as-of "$ASOF" "$F/denial.jsonl"
		assert_equal "$stderr" "letter-render: $F/denial.jsonl:1: --name: the file name is empty or starts with a dot once unsafe characters are removed"
		assert_equal "$(json -r '.letter.path // "none"')" none
	done
	assert_equal "$(ls -A letters)" ""
	[ ! -e x.txt ] && [ ! -e ../x.txt ]
}

@test "a file name keeps only letters, digits, dots, underscores and hyphens" {
	run -0 --separate-stderr letter-render -t noa-denial -f html --out-dir out --name '"a/b c*\(.tar_id).html"' --as-of "$ASOF" "$F/denial.jsonl"
	assert_equal "$(json -r .letter.path)" out/abcT26-000001.html
	[ -f out/abcT26-000001.html ]
}

@test "an existing file is never replaced without --force" {
	mkdir letters
	echo "a letter already sent" > letters/T26-000001.txt
	run -1 --separate-stderr letter-render -t noa-denial --out-dir letters --as-of "$ASOF" "$F/denial.jsonl"
	assert_equal "$stderr" "letter-render: $F/denial.jsonl:1: --out-dir: a file of that name exists (--force replaces it)"
	assert_equal "$(cat letters/T26-000001.txt)" "a letter already sent"
	run -0 --separate-stderr letter-render -t noa-denial --out-dir letters --force --as-of "$ASOF" "$F/denial.jsonl"
	assert_equal "$(head -1 letters/T26-000001.txt)" "Partnership HealthPlan of California"
	assert_equal "$(ls -A letters)" T26-000001.txt
}

@test "a letter that cannot be written whole leaves no file and exits 2" {
	# A file size limit of 4 KiB stands for a full disk: the HTML page
	# is larger.
	mkdir letters
	run -2 --separate-stderr bash -c "ulimit -f 4; letter-render -t noa-denial -f html --out-dir letters --as-of $ASOF '$F/denial.jsonl' '$F/modify.jsonl'"
	assert_equal "$stderr" "letter-render: $F/denial.jsonl:1: --out-dir: letters: File too large"
	assert_equal "$(json -r .letter.error)" "--out-dir: File too large"
	assert_equal "$(ls -A letters)" ""
}

@test "--name and --force need --out-dir" {
	run -2 --separate-stderr letter-render -t noa-denial --name .tar_id
	assert_equal "$stderr" "letter-render: --name needs --out-dir
Try 'letter-render --help' for more information."
}

# --- templates -------------------------------------------------------------

@test "an unknown letter is a usage error" {
	run -2 --separate-stderr letter-render -t no-such-letter < /dev/null
	assert_output ""
	assert_equal "${stderr%%$'\n'*}" "letter-render: -t: no letter named 'no-such-letter' in $UMKIT_SHARE/letters"
	run -2 --separate-stderr letter-render < /dev/null
	assert_equal "${stderr%%$'\n'*}" "letter-render: -t: which letter? (e.g. -t noa-denial)"
}

@test "a template syntax error names the template file and line and exits 2" {
	mkdir tmpl
	printf '# Hello\n\n{{#if .member}}\nHi {{ .member.first_name }}\n{{/each}}\n' > tmpl/bad.en.tmpl
	run -2 --separate-stderr letter-render --templates tmpl -t bad "$F/denial.jsonl"
	assert_output ""
	assert_equal "$stderr" "letter-render: tmpl/bad.en.tmpl:5: {{/each}} where {{/if}} of line 3 is expected"
}

@test "a jq expression that does not compile names the template file and line" {
	mkdir tmpl
	printf 'one\ntwo {{ .a | nosuch }}\n' > tmpl/bad.en.tmpl
	run -2 --separate-stderr letter-render --templates tmpl -t bad < /dev/null
	assert_equal "$stderr" "letter-render: tmpl/bad.en.tmpl:2: jq: nosuch/0 is not defined"
	printf '{{!-- ok --}}\n{{#each .services}}\n{{ .description ) }}\n{{/each}}\n' > tmpl/bad.en.tmpl
	run -2 --separate-stderr letter-render --templates tmpl -t bad < /dev/null
	assert_equal "$stderr" "letter-render: tmpl/bad.en.tmpl:3: a closing bracket in the expression has no opening one"
}

@test "a partial that does not exist, or includes itself, is a template error" {
	mkdir tmpl
	printf 'x\n{{> nowhere}}\n' > tmpl/a.en.tmpl
	run -2 --separate-stderr letter-render --templates tmpl -t a < /dev/null
	assert_equal "$stderr" "letter-render: tmpl/a.en.tmpl:2: no partial nowhere in language en (_nowhere.en.tmpl or _nowhere.tmpl)"
	printf '{{> loop}}\n' > tmpl/b.en.tmpl
	printf 'again {{> loop}}\n' > tmpl/_loop.tmpl
	run -2 --separate-stderr letter-render --templates tmpl -t b < /dev/null
	assert_equal "$stderr" "letter-render: tmpl/_loop.tmpl:1: partials nested too deeply (does loop include itself?)"
}

@test "a new template dropped into --templates renders without a rebuild" {
	mkdir tmpl
	cat > tmpl/thanks.en.tmpl <<-'EOF'
	{{!-- thanks -- a test letter --}}
	# Thank you, {{ .member.first_name }}

	{{#each .services}}
	- {{ .description }}
	{{/each}}
	{{> contact}}
	EOF
	run -0 --separate-stderr letter-render --templates tmpl -t thanks --as-of "$ASOF" "$F/denial.jsonl"
	assert_equal "$(json -r .letter.template)" thanks
	run -0 body
	assert_line --index 0 "Thank you, Ana"
	assert_line "- knee surgery with a small camera"
	assert_line "Call Member Services at (800) 863-4155."
	# The Spanish member of the same letter falls back to English.
	run -0 --separate-stderr letter-render --templates tmpl -t thanks --as-of "$ASOF" < <(lang denial.jsonl es)
	assert_equal "$(json -c '.letter | [.language, .requested_language]')" '["en","es"]'
}

@test "a partial in --templates replaces the shipped one" {
	mkdir tmpl
	printf '## Questions?\n\nCall our test line.\n' > tmpl/_contact.en.tmpl
	run -0 --separate-stderr letter-render --templates tmpl -t noa-denial --as-of "$ASOF" "$F/denial.jsonl"
	run -0 body
	assert_line "Call our test line."
	refute_line "The call is free."
}

@test "the plan file is data: a changed phone number shows without a rebuild" {
	cp -R "$UMKIT_SHARE" share
	sed -i 's/^phone.member .*/phone.member "(800) 555-0199"/' share/plan
	UMKIT_SHARE=$PWD/share run -0 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" "$F/denial.jsonl"
	run -0 body
	assert_line "Call us at (800) 555-0199."
	refute_output --partial "863-4155"
}

@test "a malformed plan file is an error naming its line" {
	cp -R "$UMKIT_SHARE" share
	printf 'name "A" "B"\n' >> share/plan
	UMKIT_SHARE=$PWD/share run -2 --separate-stderr letter-render -t noa-denial < /dev/null
	assert_equal "$stderr" "letter-render: $PWD/share/plan:$(wc -l < share/plan): expected KEY \"TEXT\", the key a dotted name of a-z, 0-9 and _"
}

@test "every record gets its letter even after a record error" {
	run -1 --separate-stderr letter-render -t noa-denial --as-of "$ASOF" < <(
	    cat "$F/denial.jsonl"; echo 'not json'; jq -c 'del(.decision.criteria)' "$F/denial.jsonl"; cat "$F/modify.jsonl")
	assert_equal "$stderr" "letter-render: -:2: not valid JSON
letter-render: -:3: .decision.criteria: no value (template noa-denial.en.tmpl:47)"
	assert_equal "$(json -c '[.tar_id, (.letter | has("body"))]')" '["T26-000001",true]
["T26-000001",false]
["T26-000002",true]'
}

# --- plain language ---------------------------------------------------------

# The Flesch-Kincaid grade of an English template's own words: tags and
# comments removed, English partials put in, markup removed; a line with
# no end mark (a heading, a list item) counts as a sentence.
fk_grade() {
	python3 - "$@" <<-'EOF'
	import os, re, sys

	def syllables(word):
	    w = re.sub(r"[^a-z]", "", word.lower())
	    if len(w) <= 3:
	        return 1 if w else 0
	    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
	    w = re.sub(r"^y", "", w)
	    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))

	def expand(path, depth=0):
	    text = open(path, encoding="utf-8").read()
	    text = re.sub(r"\{\{!--.*?--\}\}|\{\{!.*?\}\}", "", text, flags=re.S)
	    def partial(m):
	        p = os.path.join(os.path.dirname(path), "_%s.en.tmpl" % m.group(1))
	        return expand(p, depth + 1) if depth < 8 and os.path.exists(p) else ""
	    return re.sub(r"\{\{>\s*([\w-]+)\s*\}\}", partial, text)

	for path in sys.argv[1:]:
	    text = re.sub(r"\{\{.*?\}\}", "", expand(path), flags=re.S)
	    sentences = words = syl = 0
	    for line in text.split("\n"):
	        line = line.strip()
	        if line.startswith(":::"):
	            continue
	        line = re.sub(r"^(#+|-)\s+", "", line).replace("**", "")
	        ws = re.findall(r"[A-Za-z][A-Za-z'-]*", line)
	        if not ws:
	            continue
	        words += len(ws)
	        syl += sum(syllables(w) for w in ws)
	        ends = len(re.findall(r"[.!?](?:\s|$)", line))
	        sentences += ends + (0 if re.search(r"[.!?]\s*$", line) else 1)
	    grade = 0.39 * words / sentences + 11.8 * syl / words - 15.59
	    print("%.1f %s" % (grade, os.path.basename(path)))
	EOF
}

@test "every English member letter reads at or below the 6th grade (Flesch-Kincaid)" {
	local L="$UMKIT_SHARE/letters"
	run -0 fk_grade "$L"/noa-denial.en.tmpl "$L"/noa-modify.en.tmpl \
	    "$L"/noa-delay.en.tmpl "$L"/ccm-outreach.en.tmpl \
	    "$L"/ccm-enrollment.en.tmpl "$L"/_rights.en.tmpl \
	    "$L"/_nondiscrimination.en.tmpl "$L"/_contact.en.tmpl \
	    "$L"/_copies.en.tmpl
	assert_equal "${#lines[@]}" 9
	for line in "${lines[@]}"; do
		awk -v l="$line" 'BEGIN { split(l, f, " "); exit !(f[1] <= 6.0) }' ||
		    fail "above the 6th grade: $line"
	done
}

@test "the grade test itself fails a template written above the 6th grade" {
	printf 'Notwithstanding previous authorization, reimbursement for services may be retrospectively denied if information previously submitted is determined inaccurate.\n' > hard.en.tmpl
	run -0 fk_grade hard.en.tmpl
	awk -v l="$output" 'BEGIN { split(l, f, " "); exit !(f[1] > 6.0) }'
}

# --- the examples of the manual pages and the README --------------------------

@test "letter-render(1) example: the English denial" {
	echo '{"tar_id":"T-2001","member":{"first_name":"Ana",'\
'"last_name":"Reyes","address":{"line1":"12 Oak St",'\
'"city":"Eureka","state":"CA","zip":"95501"}},'\
'"provider":{"name":"Valley Orthopedics"},'\
'"services":[{"code":"29881",'\
'"description":"knee surgery with a small camera"}],'\
'"decision":{"outcome":"deny","basis":"medical_necessity",'\
'"at":"2026-03-03T10:00:00",'\
'"criteria":"InterQual 2026 Knee Arthroscopy",'\
'"reason":"Your records show 8 weeks of physical therapy. '\
'The rules ask for 12."}}' > ana.jsonl
	run -0 bash -c "letter-render -t noa-denial --as-of 2026-03-04 ana.jsonl |
	    jq -r .letter.body | sed -n '/^Dear/,/^- InterQual/p'"
	assert_output "Dear Ana Reyes:

Your provider, Valley Orthopedics, asked us to approve this care for you:

- knee surgery with a small camera

On March 3, 2026, we said no to this request.

Why we said no

Your records show 8 weeks of physical therapy. The rules ask for 12.

We used these rules to decide:

- InterQual 2026 Knee Arthroscopy"
	run -0 bash -c "letter-render -t noa-denial -l es --as-of 2026-03-04 ana.jsonl |
	    jq -r .letter.body | grep '^El '"
	assert_output "El 3 de marzo de 2026, dijimos que no a esta solicitud."
}

@test "letter-render(1) example: a missing first name" {
	run -0 --separate-stderr bash -c "echo '{\"tar_id\":\"T-2002\",\"member\":{\"last_name\":\"Reyes\"}}' |
	    letter-render -t noa-denial --as-of 2026-03-04 | jq -c .letter"
	assert_equal "$stderr" "letter-render: -:1: .member.first_name: no value (template _member-address.tmpl:7)"
	assert_output '{"error":".member.first_name: no value (template _member-address.tmpl:7)"}'
}

@test "letter-render(1) example: an HTML enrollment letter in French falls back to English" {
	run -0 bash -c "echo '{\"member\":{\"id\":\"91234567A\",\"first_name\":\"Ana\",'\
'\"last_name\":\"Reyes\",\"language\":\"fr\",\"address\":{\"line1\":\"12 Oak St\",'\
'\"city\":\"Eureka\",\"state\":\"CA\",\"zip\":\"95501\"}},'\
'\"enrolled_at\":\"2026-05-12\",\"care_coordinator\":{\"name\":\"Maria Lopez\",'\
'\"phone\":\"(707) 555-0100\"}}' |
	    letter-render -t ccm-enrollment -f html --out-dir letters \
	    --as-of 2026-05-13 |
	    jq -r '.letter | .language, .requested_language, .path'"
	assert_output "en
fr
letters/91234567A.html"
	grep -q 'This letter is in English because we do not have it in your language yet.' letters/91234567A.html
}

@test "umkit-template(5) example: a letter of one's own" {
	mkdir -p tmpl
	cat > tmpl/thanks.en.tmpl <<-'EOF'
	{{!-- thanks -- thanks a member for a form (a test letter) --}}
	# Thank you, {{ .member.first_name }}

	We got your form on {{ date .received_at }}.
	{{#if .services}}
	You asked for:
	{{#each .services}}
	- {{ .description }}
	{{/each}}
	{{else}}
	You did not ask for a service.
	{{/if}}

	Call us at {{ $plan.phone.member }}.
	EOF
	run -0 bash -c "echo '{\"member\":{\"first_name\":\"Ana\"},\"received_at\":\"2026-03-02T10:00:00\",'\
'\"services\":[{\"description\":\"a walker\"},{\"description\":\"a shower chair\"}]}' |
	    letter-render --templates tmpl -t thanks --as-of 2026-03-04 |
	    jq -r .letter.body"
	assert_output "Thank you, Ana

We got your form on March 2, 2026.
You asked for:

- a walker
- a shower chair

Call us at (800) 863-4155."
	printf '# Hi\n{{#if .member}}\nHello\n' > tmpl/broken.en.tmpl
	run -2 --separate-stderr letter-render --templates tmpl -t broken < /dev/null
	assert_equal "$stderr" "letter-render: tmpl/broken.en.tmpl:2: {{#if}} is not closed"
}

rfi_pipeline() {
	tar-validate --only invalid tars.jsonl |
	    letter-render -t rfi --out-dir letters/ --as-of "$ASOF"
}

@test "README pipeline: every invalid request in an export becomes a request for information" {
	command -v tar-validate >/dev/null || skip "tar-validate is not built"
	{ jq -c 'del(.validation)' "$F/invalid.jsonl"; cat "$F/denial.jsonl"
	  jq -c '.tar_id = "T26-000202" | del(.member.dob)' "$F/modify.jsonl"; } > tars.jsonl
	run -0 --separate-stderr rfi_pipeline
	assert_equal "$(json -r .letter.path)" "letters/T26-000201.txt
letters/T26-000202.txt"
	assert_equal "$(ls letters)" "T26-000201.txt
T26-000202.txt"
	grep -qx -- "- a request needs the member's date of birth (field: member.dob)" letters/T26-000202.txt
	grep -q "^Solicitud de información$" letters/T26-000201.txt
}
