package cli

// helpEN is the English help of every command whose own help holds Chinese,
// by command path without "crmflow". The commands are the same as in the
// Chinese examples; the sample values suit an international B2B client.
// TestEnglishHelpCoversChinese keeps it complete and free of Chinese.
var helpEN = map[string]helpText{
	"": {Example: `
		$ crmflow init --name "ACME CRM rollout" --client "ACME Industrial" --lang en
		$ crmflow req add "Visit check-in with GPS" --module visits --value 5 --difficulty 2 --urgency 4
		$ crmflow req list --sort score`},

	"calendar": {
		Short: "Show and adjust the working calendar (holidays, make-up working days, overrides)",
		Example: `
			$ crmflow calendar show 2027-02
			$ crmflow calendar set 2027-02-20 workday --note "Crunch before go-live"`},
	"calendar set": {
		Long: `
			Override one day of the calendar: a notice amended late, a weekend the team
			works through cutover, a client's own closure. The override wins over the
			public calendar and the schedule uses it at once. Setting a day again replaces
			the earlier override. workday: a working day; holiday: a day off.`,
		Example: `
			$ crmflow calendar set 2027-02-20 workday --note "Crunch before go-live"
			$ crmflow calendar set 2027-04-30 holiday --note "Client's annual meeting"`},
	"calendar show": {
		Short: "Show a month: working days, weekends, public holidays, make-up working days and overrides",
		Long: `
			Show every day of a month on the project's calendar. Public holidays and
			make-up working days come from the State Council notices (via lunar-go); a year
			without published data is marked estimated (Monday to Friday). The project's own
			overrides win over both.`},

	"competitor": {
		Short: "Keep competitor notes and a feature matrix",
		Long: `
			Competitors are the products the client compares with a custom CRM (Salesforce,
			HubSpot ...): strengths, weaknesses, pricing and notes, and a feature matrix
			saying which of them has which feature (yes, no or partial).`,
		Example: `
			$ crmflow competitor add Salesforce --strengths "Mature mobile app" --weaknesses "Costly deep customization"
			$ crmflow competitor feature Salesforce "Mobile visits" yes
			$ crmflow competitor matrix`},
	"competitor add": {Example: `
		$ crmflow competitor add Salesforce --strengths "Mature mobile app, complete lead management" \
		    --weaknesses "Costly deep customization for distributors" --pricing "Per user, billed yearly" --notes "Client IT ran a trial"`},
	"competitor edit": {Example: `
		$ crmflow competitor edit Salesforce --pricing "About 150 USD/user/month"`},
	"competitor feature": {
		Long: `
			Set one cell of the feature matrix: yes, no or partial.
			Setting a cell again replaces it.`,
		Example: `
			$ crmflow competitor feature Salesforce "Mobile visits" yes
			$ crmflow competitor feature HubSpot "Offline entry" partial --note "Text only, no photos"`},
	"competitor show": {Example: `
		$ crmflow competitor show Salesforce
		$ crmflow competitor show Sales --json`},

	"cr": {
		Short: "Request, analyze, decide and apply changes to frozen requirements",
		Example: `
			$ crmflow cr new "Photos on visit records" --req REQ-004 --reason "Client wants store photos kept" --by "Anna Berg" \
			    --set description="Sales reps attach photos to a visit, stamped with time and location"
			$ crmflow cr analyze CR-001 --effort 3d --cost 6000 --risk medium
			$ crmflow cr approve CR-001 --by "Mark Hill" --comment "Approved for phase 2"
			$ crmflow cr apply CR-001
			$ crmflow cr list --status approved`},
	"cr analyze": {
		Example: `
			$ crmflow cr analyze CR-001 --effort 3d --cost 6000 --risk medium
			$ crmflow cr analyze CR-001 --effort 5d --schedule 2d --cost 12000 --risk high --comment "Mobile app changes needed"
			$ crmflow cr analyze CR-001 --effort 3d --risk medium --milestone MS-06`,
		Flags: map[string]string{"cost": "cost (6000, 12000)"}},
	"cr approve": {Example: `$ crmflow cr approve CR-001 --by "Mark Hill" --comment "..."`},
	"cr close":   {Example: `$ crmflow cr close CR-001 --comment "Verified in production"`},
	"cr defer":   {Example: `$ crmflow cr defer CR-001 --by "Mark Hill" --comment "..."`},
	"cr reject":  {Example: `$ crmflow cr reject CR-001 --by "Mark Hill" --comment "..."`},
	"cr new": {Example: `
		$ crmflow cr new "Photos on visit records" --req REQ-004 --reason "Client wants store photos kept" --by "Anna Berg" \
		    --set description="Sales reps attach photos to a visit" --set urgency=5
		$ crmflow cr new "Drop the chat integration" --remove-req REQ-009 --reason "Client uses Teams' own features"
		$ crmflow cr new "New dealer portal" --add-req portal.txt --reason "Phase 2 scope"`},

	"data": {
		Short: "Keep the data dictionary: entities, fields, types",
		Example: `
			$ crmflow data field add --entity Account --name Phone --type phone --required --unique --req REQ-007
			$ crmflow data field add --entity Account --name Tier --type choice --values A,B,C
			$ crmflow data list --entity Account`},
	"data check": {
		Short: "Check a legacy data export against the data dictionary",
		Long: `
			Checks every row of a customer, contact or opportunity export against the
			entity's fields in the data dictionary: required, type (phone, email, date,
			number, choice ...), length, uniqueness, references and likely duplicates (same
			name and phone once normalized). Every problem is named by row, column and
			field, with a summary by rule.

			CSV may be UTF-8 (with or without a BOM), UTF-16 or GBK, as Chinese Excel
			saves it. Repairs that are certain are made and counted: full-width digits,
			+86, a landline's lost leading 0, Excel serial dates, "1,234.00". What cannot
			be repaired is named: IDs that Excel turned into scientific notation lost
			their digits; a 10-digit number may be a mobile or a landline.

			--batch-size writes the clean rows (repairs applied) to -o as
			batch-001.csv ..., the rejected rows with their problems to rejected.csv, and
			the report to report.md. --ref Account=customers.csv checks references against
			a list. Exit status 1 when any row is rejected.`,
		Example: `
			$ crmflow data check legacy-customers.xlsx --entity Account
			$ crmflow data check legacy-customers.csv --entity Account --batch-size 500 -o out/batches/
			$ crmflow data check visits.csv --entity Visit --ref Account=legacy-customers.csv --json`,
		Flags: map[string]string{"entity": "the entity in the data dictionary: Account, Contact, Opportunity ... (required)"}},
	"data field": {Example: `$ crmflow data field add --entity Account --name Phone --type phone --required`},
	"data field add": {
		Example: `
			$ crmflow data field add --entity Account --name Phone --type phone --required --unique --req REQ-007
			$ crmflow data field add --entity Visit --name Account --type reference --values Account --required
			$ crmflow data field add --entity Account --name Tier --type choice --values A,B,C --desc "By yearly revenue"`,
		Flags: map[string]string{
			"entity": "the business entity, e.g. Account (required)",
			"name":   "the field name, e.g. Phone (required)",
		}},
	"data field rm": {Example: `$ crmflow data field rm --entity Account --name Fax`},
	"data list": {Example: `
		$ crmflow data list
		$ crmflow data list --entity Account --json`},

	"defect": {Example: `
		$ crmflow defect add --tc TC-012 "Export times out" --severity major --owner Li --due 2026-12-10
		$ crmflow defect fix DEF-001
		$ crmflow defect verify DEF-001
		$ crmflow defect list`},
	"defect add": {
		Use: "add <title> --tc TC-012 --severity critical|major|minor|trivial",
		Example: `
			$ crmflow defect add --tc TC-012 "Exporting 50,000 rows times out" --severity major
			$ crmflow defect add --tc 3 "Typo on the visit form" --severity trivial --owner Li --due 2026-12-10`,
		Flags: map[string]string{"severity": "critical|major|minor|trivial (required)"}},

	"demo": {Long: `
		Create a workspace in dir (default ./crmflow-demo) holding the seed's example:
		a consumer-goods company whose sales reps logged customer visits in Excel
		and lost 30% of the records. It gets a requirement register over the CRM
		modules with scores, acceptance criteria, custom fields and trace links, the
		interviews and findings the requirements came from, competitor notes, and
		the visit process as-is and to-be.

		--scale N instead generates a synthetic project with N requirements
		(deterministic), for benchmarks.`},

	"doc build": {
		Short: "Build a document: srs, minutes MEET-001, crs, survey, acceptance UAT-1",
		Long: `
			Build a document:

			  srs          the requirement specification, following
			               GB/T 8567-2006 with the seed's five contents: business
			               processes, the function list by module with priorities and
			               acceptance criteria, the role × module permission matrix, the
			               data dictionary, and report requirements; plus a cover, revision
			               history (from the baselines and applied change requests),
			               glossary, non-functional requirements, a traceability table
			               and a sign-off page. --baseline v1.0 builds it as of a baseline.
			  minutes ID   the minutes of a meeting (requirement confirmation): attendees,
			               decisions, notes and signature lines.
			  crs          the change log: every change request with its
			               change set, impact analysis and decisions.
			  survey       the survey report: method, respondents by role,
			               results per question (bar charts in HTML), interview
			               summaries, findings ranked with the requirements each became,
			               and the competitor matrix.
			  acceptance UAT-1  the acceptance report of a UAT round: basis,
			               scope, rounds, results by module, defects by grade, open
			               items, verdict and signatures.

			--format md writes Markdown; html a self-contained page (table of contents,
			print CSS for A4, no external resources). --lang en writes the English version
			(the SRS with ISO/IEC/IEEE 29148 headings). -o names a folder or a file. Times
			come from the clock (CRMFLOW_NOW), so the same workspace gives the same bytes.`},

	"export crs": {Long: `
		Write the change log for the client and the project board: one row per
		change request with its reason, change set, effort, schedule and cost impact,
		risk, affected requirements, the decision (who, when, why) and the baseline it
		made; a status dropdown, a frozen header and filters; and a summary sheet with
		the counts by state and the approved effort, schedule impact and cost.`},
	"export reqs": {Example: `
		$ crmflow export reqs -o out/requirements.xlsx
		$ crmflow export reqs --lang en --module visits -o out/visits.xlsx`},

	"feedback": {
		Short: "Register users' feedback after go-live and triage it",
		Long: `
			After go-live, users report what hurts. Each item records the text, who
			reported it (a person or a team), the module and a severity: critical,
			major, minor (the default) or suggestion.
			Triage turns a new item into a draft requirement whose source is the
			item, or rejects it with a reason; an item is triaged once.`,
		Example: `
			$ crmflow feedback add "Uploading visit photos is too slow" --from "Sales team 1" --module visits --severity major
			$ crmflow feedback list --status new
			$ crmflow feedback show FB-003
			$ crmflow feedback triage FB-003 --to-req --title "Compress visit photos before upload"
			$ crmflow feedback triage FB-004 --reject --reason "Bulk import already exists"`},
	"feedback add": {
		Example: `
			$ crmflow feedback add "Uploading visit photos is too slow" --from "Sales team 1" --module visits
			$ crmflow feedback add "Quote PDF lacks the customer's VAT number" --from "EMEA sales" --module quotes --severity major`,
		Flags: map[string]string{"severity": "critical|major|minor|suggestion; default minor"}},
	"feedback list": {Flags: map[string]string{"status": "only items in this status: new|triaged|rejected"}},
	"feedback triage": {Example: `
		$ crmflow feedback triage FB-003 --to-req
		$ crmflow feedback triage FB-003 --to-req --title "Compress visit photos before upload" --module visits
		$ crmflow feedback triage FB-005 --to-req --release v1.1
		$ crmflow feedback triage FB-004 --reject --reason "Bulk import already exists"`},

	"finding": {
		Long: `
			A finding (a pain point) is something the survey found wrong, with an
			optional measure: "Visits are logged in Excel; about 30% are lost at month end"
			measured as visit records lost 30 %. It may come from an interview, belong to
			a module, and point at a process map. "finding promote" turns it into a
			requirement whose source is the finding; any requirement whose source is a
			finding's ID (req edit --source F-002) counts as that finding's requirement.`,
		Example: `
			$ crmflow finding add --interview INT-001 "Visits are logged in Excel; about 30% are lost at month end" --measure "Visit records lost" --value 30 --unit %
			$ crmflow finding list --open
			$ crmflow finding promote F-001 --module visits`},
	"finding add": {
		Example: `
			$ crmflow finding add --interview INT-001 "Visits are logged in Excel; about 30% are lost at month end" \
			    --measure "Visit records lost" --value 30 --unit % --module visits --severity 5 --process PM-001 --step S2
			$ crmflow finding add "Customer data is scattered over regional spreadsheets" --module customer`,
		Flags: map[string]string{
			"measure": "the measure's name: Visit records lost",
			"unit":    "the value's unit: %, hours, USD",
		}},
	"finding promote": {
		Long: `
			Create a draft requirement from a finding, as req add would: its source is the
			finding's ID, its title a requirement-style suggestion from the finding's text
			("The system shall resolve: ...", first clause, free of the
			words req lint flags) unless --title, its description the text with the measure and the interview, its
			stakeholder the interviewee, and its module the finding's unless --module.
			Scores default to 3. A finding may become several requirements: promoting one
			that already has some says which. The new ID goes to stdout.`,
		Example: `
			$ crmflow finding promote F-001
			$ crmflow finding promote F-003 --module visits --title "Mobile orders go straight to the ERP" --value 4 --difficulty 3 --urgency 4`},
	"finding show": {Example: `
		$ crmflow finding show F-001
		$ crmflow finding show "month end" --json`},

	"freeze": {
		Short: "Freeze the confirmed requirements into a named baseline",
		Example: `
			$ crmflow freeze --name v1.0 --note "Frozen after confirmation meeting MEET-001"
			$ crmflow baseline show v1.0`},

	"gantt": {Long: `
		Draw the schedule as of today. svg: a week grid with weekends and holidays
		shaded, today's line, the critical path in red, milestones as diamonds and the
		baseline bar under each forecast bar. xlsx: the timeline drawn in cells, one
		column per week, printing on A3 landscape. mermaid: a gantt chart that keeps
		the working calendar (holidays excluded, make-up working days included).
		-o names a folder or a file (default: out/, the only folder created).`},

	"golive": {
		Short: "Track go-live readiness and check the go-live gate",
		Example: `
			$ crmflow golive checklist
			$ crmflow golive set migration.batches done --evidence out/batches/report.md
			$ crmflow golive waive stress.test --reason "Under 50 users; the vendor's benchmark covers it"
			$ crmflow golive gate`},
	"golive set": {Example: `
		$ crmflow golive set migration.batches done --evidence out/batches/report.md
		$ crmflow golive set training --owner "Li Ming"`},
	"golive waive": {Example: `$ crmflow golive waive stress.test --reason "Under 50 users; the vendor's benchmark covers it"`},

	"init": {Example: `
		$ crmflow init --name "ACME CRM rollout" --client ACME --lang en
		$ crmflow init --name "Globex field sales CRM" --client Globex --lang en`},

	"interview": {
		Short: "Record stakeholder interviews and their notes",
		Long: `
			Interviews are the conversations of the survey phase: who was
			interviewed, in what role, when, and the notes in Markdown. The pain points
			heard in one are recorded as findings (crmflow finding add --interview INT-001).`,
		Example: `
			$ crmflow interview add --with "John Smith" --role "Sales director" --date 2026-11-20 --notes notes.md
			$ crmflow interview list
			$ crmflow interview show INT-001`},
	"interview add": {
		Example: `
			$ crmflow interview add --with "John Smith" --role "Sales director" --date 2026-11-20 --org "ACME Industrial" --notes notes.md
			$ pbpaste | crmflow interview add --with "Maria Lopez" --role "Regional sales manager" --notes -
			$ crmflow interview add --with "Tom Reed" --role Marketing --editor`,
		Flags: map[string]string{"role": "their role: Sales director, Regional sales manager, IT lead ..."}},
	"interview show": {Example: `
		$ crmflow interview show INT-001
		$ crmflow interview show "John Smith"
		$ crmflow interview show 1 --json`},

	"keys": {Example: `
		$ crmflow keys gen --for "Mark Hill"
		$ crmflow keys add --for "John Smith" --pub ./minisign.pub
		$ crmflow keys list`},
	"keys add": {Example: `$ crmflow keys add --for "Mark Hill" --pub ./minisign.pub`},
	"keys gen": {Example: `
		$ crmflow keys gen --for "Mark Hill"
		$ crmflow keys gen --for "Mark Hill" -o ./keys`},

	"meeting": {
		Short: "Record meetings and the decisions they take",
		Example: `
			$ crmflow meeting add --kind confirmation --date 2026-11-28 --attendees "Mark Hill,Anna Berg,Li Ming" \
			    --confirm REQ-001..REQ-020 --defer REQ-021 --notes minutes.md
			$ crmflow meeting list
			$ crmflow doc build minutes MEET-001 --format html -o out/`},
	"meeting add": {Example: `
		$ crmflow meeting add --kind confirmation --date 2026-11-28 --attendees "Mark Hill,Anna Berg,Li Ming" \
		    --confirm REQ-001..REQ-020 --defer REQ-021 --notes minutes.md
		$ cat minutes.md | crmflow meeting add --kind review --date 2026-11-21 --attendees "Anna Berg" --notes -`},

	"ms": {
		Short: "Add, edit and track milestones",
		Example: `
			$ crmflow ms list
			$ crmflow ms add "Mobile visits module build" --after MS-04 --lag 2d --duration 10d --owner "Chen Wei" --deliverable "Testable build"
			$ crmflow ms done MS-02 --date 2027-01-15`},
	"ms add": {Example: `
		$ crmflow ms add "Mobile visits module build" --after MS-04 --lag 2d --duration 10d --owner "Chen Wei" --deliverable "Testable build"
		$ crmflow ms add "Requirements survey" --start 2027-01-04 --duration 5d`},
	"ms deliverable": {Example: `$ crmflow ms deliverable done MS-02 "Requirements specification"`},
	"ms deliverable done": {Example: `
		$ crmflow ms deliverable done MS-02 "Requirements specification"
		$ crmflow ms deliverable done MS-02 1 --date 2027-01-15`},
	"ms edit": {Example: `
		$ crmflow ms edit MS-05 --duration 15d
		$ crmflow ms edit MS-06 --after MS-04,MS-05 --lag 1d --owner "Chen Wei"`},

	"perm": {
		Short: "Keep the role × module permission matrix",
		Example: `
			$ crmflow perm set "Sales rep" Accounts read,create,update --scope own
			$ crmflow perm list`},
	"perm set": {
		Long: `
			Actions: read, create, update, delete, export, approve; "all"; "none" removes
			the cell. --scope is the data a role sees: own, dept, subtree (the department
			and those under it) or all (the default).`,
		Example: `
			$ crmflow perm set "Sales rep" Accounts read,create,update --scope own
			$ crmflow perm set "Sales director" Reports read,export --scope subtree
			$ crmflow perm set "Sales rep" Reports none`},

	"process": {Long: `
		Process maps are written in a small text language (docs/process-dsl.md):
		lanes for roles and systems, steps, gateways and flows, with steps linked to
		findings (F-001) and requirements (REQ-004). crmflow checks them, stores them,
		draws swimlane SVG, writes Mermaid and BPMN 2.0 (which opens laid out in
		bpmn.io and Camunda Modeler), imports BPMN back, and compares as-is with to-be.`},

	"project": {Example: `
		$ crmflow project show
		$ crmflow project set scoring.weights value=0.5,urgency=0.3,ease=0.2
		$ crmflow project field add "Estimated hours" --type number
		$ crmflow project module add field-service --en "Field service"`},
	"project field": {Example: `
		$ crmflow project field add "Estimated hours" --type number
		$ crmflow project field add Phase --type choice --choices "Phase 1,Phase 2,Phase 3" --default "Phase 1"
		$ crmflow project field list`},
	"project field add": {Example: `
		$ crmflow project field add "Estimated hours" --type number
		$ crmflow project field add "Go-live date" --type date
		$ crmflow project field add Phase --type choice --choices "Phase 1,Phase 2,Phase 3" --default "Phase 1"
		$ crmflow req add "..." --module customer --value 3 --difficulty 2 --urgency 3 --field "Estimated hours=3"`},
	"project module": {Example: `
		$ crmflow project module list
		$ crmflow project module add field-service --en "Field service"`},
	"project module add": {Example: `$ crmflow project module add field-service --en "Field service"`},
	"project set": {Example: `
		$ crmflow project set scoring.weights value=0.5,urgency=0.3,ease=0.2
		$ crmflow project set scoring.high 4
		$ crmflow project set scoring.moscow must=80,should=60,could=40
		$ crmflow project set client "ACME Industrial"
		$ crmflow project set user-name "Chen Jing"`},

	"release": {
		Short: "Plan versions: releases, their requirements and change requests, release notes",
		Long: `
			A release is a version the project ships, named like v1.0, with a
			target date and optionally the milestone it belongs to. It owns a set of
			requirements and change requests; a requirement belongs to at most one
			release. A requirement in a frozen baseline keeps its release unless an
			approved change request that names it moves it (--cr). release carry
			moves the deferred requirements and change requests to the next release.
			Estimates are person-days: 3d, 0.5d, or hours 4h (eight to a day).`},
	"release notes": {Short: "Write the release notes as md or html"},

	"report": {Short: "Write the project manager's reports: weekly"},
	"report weekly": {
		Short: "Write the weekly report as md, html or xlsx",
		Example: `
			$ crmflow report weekly --format html -o out/
			$ crmflow report weekly --week 2027-W03 --format md -o out/
			$ crmflow report weekly --format xlsx -o out/weekly.xlsx`},

	"req": {Example: `
		$ crmflow req add "Visit check-in with GPS" --module visits --value 5 --difficulty 2 --urgency 4 \
		    --criteria "A visit submitted on the phone is visible to the manager within 5 seconds" --owner "Li Ming"
		$ crmflow req list --module visits --sort score
		$ crmflow req show REQ-001`},
	"req add": {Example: `
		$ crmflow req add "Visit check-in with GPS" --module visits --kind functional \
		    --value 5 --difficulty 2 --urgency 4 --criteria "A visit submitted on the phone is visible to the manager within 5 seconds" \
		    --desc "Reps log visits on their phones; managers see them at once" --owner "Li Ming"
		$ crmflow req add "Duplicate account check" --module customer --value 4 --difficulty 3 --urgency 3 --field "Estimated hours=5"`},
	"req edit": {Example: `
		$ crmflow req edit REQ-001 --urgency 5 --criteria-add "Offline entry syncs within 1 minute of reconnecting"
		$ crmflow req edit REQ-001 --criteria-rm 2 --tag-add mobile
		$ crmflow req edit REQ-001 --field "Estimated hours=8" --moscow must
		$ crmflow req edit REQ-001 --editor`},
	"req lint": {Long: `
		Check every requirement for ambiguous or unverifiable words (Chinese and
		English lists: fast, user-friendly, as appropriate, ...), placeholders (TBD),
		missing acceptance criteria and near-duplicate titles.
		Exits 1 when any finding is an error, so it can gate a script.`},
	"req list": {Example: `
		$ crmflow req list --module visits --sort score
		$ crmflow req list --status confirmed --moscow must
		$ crmflow req list --field "Estimated hours" --field "Phase=Phase 1"
		$ crmflow req list --field release=v1.0 --field estimate --sort release
		$ crmflow req list --json | jq '.[0].score'
		$ crmflow req list | cut -f1,3`},
	"req show": {Example: `
		$ crmflow req show REQ-001
		$ crmflow req show 1 --json
		$ crmflow req show "check-in"`},

	"risk": {
		Short: "Keep the risk register: probability, impact, owner, mitigation",
		Example: `
			$ crmflow risk add "Client IT is short-staffed" --probability high --impact medium --owner "Mark Hill" --mitigation "Book integration staff early" --due 2027-02-01
			$ crmflow risk list`},
	"risk add": {
		Long: `
			Register a risk with its probability and impact (low, medium, high).
			Its exposure is probability × impact (1 to 9); the weekly report lists the open
			risks by exposure.`,
		Example: `$ crmflow risk add "Client IT is short-staffed" --probability high --impact medium --owner "Mark Hill" --mitigation "Book integration staff early" --due 2027-02-01`,
		Flags:   riskFlagsEN},
	"risk edit": {Flags: riskFlagsEN},

	"signoff": {
		Short: "Request, sign, verify and export sign-offs",
		Long: `
			A sign-off binds a document built on a baseline to the people who sign it.
			The request records the document's SHA-256 and the baseline's hash and
			keeps both as they are. Each signature records the signer's printed name,
			role, time and meaning (requirements confirmed, acceptance passed, go-live
			approved) with those hashes; with a key (crmflow keys gen) it is an ed25519
			signature in minisign's format over the document and over a signature
			statement of those facts, which the standard minisign tool verifies without
			crmflow.`,
		Example: `
			$ crmflow signoff request srs --baseline v1.1 --lang en
			$ crmflow signoff sign SO-001 --by "Mark Hill" --meaning "Requirements confirmed"
			$ crmflow signoff verify SO-001 --file out/srs.html
			$ crmflow signoff export SO-001 -o out/signed/`},
	"signoff export": {Example: `
		$ crmflow signoff export SO-001 -o out/signed/
		$ cd out/signed && minisign -V -p KEYID.pub -m srs.html -x srs.html.1.minisig`},
	"signoff request": {Example: `
		$ crmflow signoff request srs --baseline v1.1
		$ crmflow signoff request srs --baseline v1.1 --lang en -o out/
		$ crmflow signoff request acceptance --baseline v1.1 --file out/acceptance-report.html
		$ crmflow signoff request golive`},
	"signoff sign": {
		Example: `
			$ crmflow signoff sign SO-001 --by "Mark Hill" --meaning "Requirements confirmed"
			$ crmflow signoff sign SO-001 --by "Mark Hill" --key ./mark-hill.key`,
		Flags: map[string]string{"meaning": "Requirements confirmed, Acceptance passed or Go-live approved (default: the document's)"}},
	"signoff verify": {Example: `
		$ crmflow signoff verify SO-001
		$ crmflow signoff verify SO-001 --file out/srs.html --json`},

	"sprint": {
		Long: `
			sprint plan cuts a release's window into sprints. Capacity comes from the
			project's working calendar (holidays and make-up working days included) times
			the team's availability (--team "Chen Wei:100%,Li Ming:50%"), or is given in
			person-days (--capacity 40d); without either it is one full-time person.
			Velocity of past sprints is shown beside it.

			The board's columns: to do, in progress (set with sprint start), to test (the
			requirement is implemented), done (verified).
			The burndown is folded from the audit log: work added or removed after the
			sprint started is told apart from re-estimates.`,
		Example: `
			$ crmflow sprint plan v1.0 --length 2w --start 2027-01-04 --team "Chen Wei:100%,Li Ming:50%"
			$ crmflow sprint add-req S-01 REQ-004 REQ-007
			$ crmflow sprint auto v1.0
			$ crmflow sprint start S-01 REQ-004
			$ crmflow sprint board S-01
			$ crmflow sprint burndown S-01 --format svg -o out/`},
	"sprint board": {Short: "Show a sprint's board: to do / in progress / to test / done"},
	"sprint plan": {
		Example: `
			$ crmflow sprint plan v1.0 --length 2w --start 2027-01-04 --capacity 40d
			$ crmflow sprint plan v1.0 --start 2027-01-04 --team "Chen Wei:100%,Li Ming:50%"`,
		Flags: map[string]string{"team": `team and availability, e.g. "Chen Wei:100%,Li Ming:50%"`}},
	"sprint start": {Short: "Mark a sprint's requirement as in development"},
	"sprint stop":  {Short: "Put a sprint's requirement back to to-do"},

	"stakeholder": {
		Short: "Keep the people who confirm, approve and sign",
		Example: `
			$ crmflow stakeholder add "Mark Hill" --org client --role "VP Sales" --can approve,signoff
			$ crmflow stakeholder list`},
	"stakeholder add": {
		Example: `
			$ crmflow stakeholder add "Mark Hill" --org client --role "VP Sales" --can approve,signoff --email mark.hill@example.com
			$ crmflow stakeholder add "Anna Berg" --org client --role "Sales operations manager"
			$ crmflow stakeholder add "Li Ming" --org vendor --role "Business analyst"`,
		Flags: map[string]string{
			"org":  "organisation: client or vendor, or a department",
			"role": "their role, e.g. VP Sales",
		}},

	"survey": {
		Long: `
			Questionnaires are built from role question banks (sales director, sales rep,
			marketing, customer service, IT, finance, management). Export one as an Excel
			workbook with one sheet per role, hand it out, import the filled files back (all
			or nothing, every problem reported with file, sheet, row and question), and read
			the results: counts, averages, text answers and the pain points ranked.`,
		Example: `
			$ crmflow survey new "Sales team survey" --template sales-rep,sales-director --lang en
			$ crmflow survey export Q-001 -o out/questionnaire.xlsx
			$ crmflow survey import Q-001 filled/*.xlsx
			$ crmflow survey results Q-001 --format html -o out/`},
	"survey compare": {Example: `
		$ crmflow survey new "Satisfaction one month after go-live" --template satisfaction --lang en
		$ crmflow survey compare Q-002 Q-003
		$ crmflow survey compare Q-002 Q-003 --json`},
	"survey new": {Example: `
		$ crmflow survey new "Sales team survey" --template sales-rep,sales-director --lang en
		$ crmflow survey new "Sales survey" --template sales-rep --lang en`},
	"survey question": {Example: `
		$ crmflow survey question add Q-001 "How many customers do you visit a week?" --type number --role sales-rep`},
	"survey question add": {Example: `
		$ crmflow survey question add Q-001 "How many customers do you visit a week?" --type number --role sales-rep
		$ crmflow survey question add Q-001 "Do you use Microsoft Teams?" --type single --options Yes,No --optional`},

	"tc add": {Example: `
		$ crmflow tc add "Offline visit catch-up" --req REQ-004 --steps steps.md --expected "Syncs once the network is back"
		$ crmflow tc add "Export timeout" --req 12 --steps-text "1. Export 50,000 rows" --expected "Done within 30 seconds"`},
	"tc edit": {Example: `$ crmflow tc edit TC-012 --expected "Export done within 30 seconds"`},

	"tui": {Example: `
		$ crmflow tui
		$ crmflow --as "Mark Hill" tui`},

	"uat": {Example: `
		$ crmflow uat new "UAT round 1" --baseline v1.1 --testers "Anna Berg,Tom Reed"
		$ crmflow uat export UAT-1 -o out/uat-checklist.xlsx
		$ crmflow uat import UAT-1 returned.xlsx --dry-run
		$ crmflow uat status UAT-1`},
	"uat export": {Long: `
		Write the round's workbook: one row per test case with its steps and expected
		result, and yellow columns for testers: the result (a dropdown of pass / fail /
		blocked / not tested), the tester (a dropdown of the round's testers), the date,
		the actual result or comment, and the defect (a DEF- ID, or a description that
		becomes a new defect on import). It prints landscape, fit to the page width, with
		the title rows on every page. Results already recorded are filled in.`},
	"uat import": {Long: `
		Read the results testers entered into the round's workbook (saved by Excel, WPS or
		LibreOffice). Every row is checked first; any problem refuses the whole file, naming
		the file, sheet, row, column and field. --dry-run shows what would be recorded.
		A defect cell holding a description (not a DEF- ID) opens a new minor defect.
		Requirements whose test cases all passed in the round, on their current content,
		move to verified.`},
	"uat new": {Example: `$ crmflow uat new "UAT round 1" --baseline v1.1 --testers "Anna Berg,Tom Reed"`},
}

// riskFlagsEN are the English usages of risk add's and risk edit's flags.
var riskFlagsEN = map[string]string{
	"probability": "low, medium or high",
	"impact":      "low, medium or high",
	"mitigation":  "the response",
}
