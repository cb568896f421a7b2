package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/change"
	"github.com/crmflow/crmflow/requirements"
)

// hintFor is the one place where the CLI turns what an error says about
// itself (code, operation, entity, facts) into its "Try:" line. Domain and
// store errors carry no command lines, so a renamed command is changed here
// only, and a TUI maps the same facts to its own hints.
//
// lang chooses the sample values inside a hint: English ones for LangEN,
// the Chinese ones (as printed so far) otherwise, including when the project's
// language is not known.
func hintFor(err error, lang crmflow.Lang) string {
	sample := func(zh, en string) string {
		if lang == crmflow.LangEN {
			return en
		}
		return zh
	}
	var ip requirements.ImportProblem
	if errors.As(err, &ip) {
		switch ip.Fix {
		case "module":
			return "crmflow project module list"
		case "field":
			return "crmflow project field list"
		case "change request":
			return "change it through a change request (crmflow cr new --req " + ip.ID + ")"
		case "baseline":
			return "crmflow freeze --name v1.0"
		case "reject":
			return "crmflow req status " + ip.ID + " rejected"
		}
		return ""
	}
	var e *crmflow.Error
	if !errors.As(err, &e) {
		return ""
	}
	id, f := e.ID, e.Facts // reading a nil map is fine
	switch e.Op {
	case "output.write":
		return "write elsewhere with -o, or add --force to replace it"
	case "field.define":
		return "crmflow project field add " + id + " --type choice --choices " + sample("高,中,低", "high,medium,low")
	case "field.lookup":
		return "crmflow project field add " + id + " --type text"
	case "data.define":
		return "--values " + sample("新建,跟进中,已转化", "new,in-progress,converted")
	case "data.add":
		return fmt.Sprintf("crmflow data field add --entity %s --name %s ... --replace", f["entity"], f["name"])
	case "module.resolve":
		return fmt.Sprintf("crmflow project module add %s --en %q", f["key"], id)
	case "req.status":
		switch {
		case f["allowed"] != "":
			return "crmflow req status " + id + " " + f["allowed"]
		case f["missing"] == "criteria":
			return "crmflow req edit " + id + " --criteria-add \"...\""
		case f["status"] == string(requirements.Frozen) && f["next"] != "":
			return "crmflow freeze --name " + f["next"]
		case f["status"] == string(requirements.Frozen):
			return "crmflow freeze --name v1.0"
		}
	case "req.edit":
		switch {
		case f["baseline"] != "":
			return "crmflow cr new \"...\" --req " + id + " --set title=\"...\"   (a change request)"
		case f["problem"] == "stale":
			return "crmflow req edit " + id + " --editor"
		case id != "":
			return "change it through a change request (crmflow cr new --req " + id + ")"
		}
		return "crmflow req edit --help"
	case "req.remove":
		if f["child"] != "" {
			return fmt.Sprintf("crmflow req link %s --parent %s --remove", f["child"], id)
		}
		return "crmflow req status " + id + " rejected"
	case "req.link":
		return fmt.Sprintf("crmflow req link %s --parent %s --remove", id, f["parent"])
	case "req.unlink":
		return "crmflow req show " + id
	case "req.import", "survey.import":
		switch f["problem"] {
		case "stale":
			return "run the import again"
		case "answered":
			return "add --replace to replace earlier answers"
		case "cells":
			return "fix the problems named above and import all the files again"
		}
	case "finding.promote":
		return "crmflow finding promote " + id + " --module " + sample("拜访跟进", "visits")
	case "feedback.triage", "feedback.reject":
		switch {
		case f["missing"] == "reason":
			return "--reason \"...\""
		case f["missing"] == "module":
			return "--module " + sample("拜访跟进", "visits")
		case id != "":
			return "crmflow feedback show " + id
		}
	case "competitor.edit":
		return "crmflow competitor edit --help"
	case "competitor.resolve":
		return fmt.Sprintf("crmflow competitor add %s --strengths \"...\"   (or crmflow competitor list)", id)
	case "competitor.add":
		return fmt.Sprintf("crmflow competitor edit %s --strengths \"...\"", id)
	case "backup":
		return "choose a new file name, e.g. backup-$(date +%Y%m%d).db"
	case "restore":
		if f["backup"] != "" {
			return fmt.Sprintf("crmflow restore %s --force   (the current database is kept as %s.pre-restore)", f["backup"], id)
		}
	case "open":
		switch {
		case f["missing"] == "project":
			return "crmflow init --name \"...\" in a new folder"
		case f["problem"] == "corrupt":
			return "crmflow restore BACKUP.db --force"
		}
	case "init":
		return "crmflow project show"
	case "stakeholder.add":
		return "crmflow stakeholder list"
	case "stakeholder.lookup":
		return "crmflow stakeholder add " + quoteArg(id) + " --org " + sample("客户", "client") + " --role ... --can approve"
	case "stakeholder.require":
		return "ask a stakeholder who can " + f["capability"] + " (crmflow stakeholder list)"
	case "freeze":
		switch {
		case f["next"] != "":
			return "crmflow freeze --name " + f["next"]
		case f["missing"] == "confirmed":
			return "crmflow meeting add --kind confirmation --date ... --attendees ... --confirm REQ-001..REQ-020"
		}
	case "signoff.request":
		switch f["missing"] {
		case "baseline":
			return "crmflow freeze --name v1.0"
		case "file":
			return "--file " + sample("out/验收报告.html", "out/acceptance-report.html")
		}
	case "signoff.sign":
		switch {
		case f["capability"] != "":
			return "ask a stakeholder who can " + f["capability"] + " (crmflow stakeholder list)"
		case f["key"] != "":
			return "--key " + quoteArg(id+".key") + "   (the secret key crmflow keys gen wrote)"
		}
	case "keys.gen":
		switch {
		case f["capability"] != "":
			return "ask a stakeholder who can " + f["capability"] + " (crmflow stakeholder list)"
		case f["file"] != "":
			return "crmflow keys gen --for " + quoteArg(id) + " --force   (earlier signatures stay valid)"
		}
	case "golive.set", "golive.waive":
		if id != "" {
			return "crmflow golive set " + id + " done --evidence report.md   (or crmflow golive waive " + id + " --reason \"...\")"
		}
	case "trace.clear":
		return "crmflow trace suspect"
	case "meeting.add":
		switch f["missing"] {
		case "attendees":
			return "--attendees " + sample("王总,张经理", "Wang,Miller")
		case "decisions":
			return "--confirm REQ-001..REQ-020 --defer REQ-021"
		}
	case "survey.new":
		if f["missing"] == "title" {
			return "crmflow survey new \"" + sample("销售团队调研", "Sales team survey") + "\" --template sales-rep"
		}
		return "crmflow survey templates"
	case "survey.question.add":
		return "crmflow survey question add " + id + " \"...\" --type " + f["type"] + " --options " + sample("是,否", "yes,no")
	case "demo.load":
		return "crmflow init in a new folder, then load the demo there"
	case "cr.new":
		switch {
		case e.Entity == crmflow.KindRequirement.Noun && f["status"] == string(requirements.Rejected):
			return "crmflow req status " + id + " draft   (reopen it)"
		case e.Entity == crmflow.KindRequirement.Noun:
			return "crmflow req edit " + id
		case f["missing"] == "reason":
			return "--reason \"" + sample("客户要求…", "The client asked…") + "\""
		case f["missing"] == "req":
			return "--req REQ-004 --set description=\"...\""
		case f["missing"] == "set":
			return "--set description=\"...\""
		case f["missing"] == "baseline":
			return "crmflow freeze --name v1.0"
		}
	case "cr.decide":
		return "crmflow stakeholder list"
	case "acceptance":
		// Acceptance needs a baseline to test against.
		return "crmflow freeze --name v1.0"
	case "tc.add":
		if requirements.Status(f["status"]) == requirements.Confirmed {
			return "crmflow freeze --name v1.1"
		}
		return ""
	case "uat.import":
		// The workbook of another round: export this round's.
		return "crmflow uat export " + id + " -o out/"
	case "cr.move":
		// The command that moves the change request on from where it stands.
		switch change.State(f["state"]) {
		case change.Submitted, change.Deferred:
			return "crmflow cr analyze " + id + " --effort 3d --cost 6000 --risk medium"
		case change.Analyzed:
			return "crmflow cr approve " + id + " --by " + sample("王总", "Wang")
		case change.Approved:
			return "crmflow cr apply " + id
		case change.Implemented:
			return "crmflow cr close " + id
		}
		return "crmflow cr new \"...\" --req REQ-001 --reason \"...\""
	}

	// The plan's errors, whichever plan command made them.
	switch {
	case e.Entity == "plan" && e.Code == crmflow.ENOTFOUND:
		return "crmflow plan init --template crm-standard --start 2027-01-04"
	case e.Entity == "plan" && e.Code == crmflow.ECONFLICT:
		return "crmflow schedule"
	case e.Entity == "plan template":
		return "crmflow plan templates"
	case e.Entity == "deliverable" && f["milestone"] != "":
		return "crmflow ms show " + f["milestone"]
	case f["cycle"] != "":
		return "crmflow ms show " + strings.Fields(f["cycle"])[0]
	case f["plan_start"] != "":
		return "use a date on or after " + f["plan_start"]
	}

	// Facts that call for the same hint whatever the operation.
	switch {
	case f["schema"] == "newer":
		return "install a newer crmflow"
	case f["problem"] == "busy":
		return "retry when the other command has finished"
	case f["problem"] == "read-only":
		return "make the file and its folder writable, or copy the workspace somewhere writable (reading still works here); crmflow doctor"
	case f["problem"] == "disk-full":
		return "free some disk space and run the command again; then crmflow doctor"
	case f["problem"] == "corrupt" || f["problem"] == "io":
		return "crmflow doctor, then crmflow restore BACKUP.db --force"
	case f["problem"] == "stale" && f["conflict"] != "":
		return "crmflow cr show " + f["conflict"] + "; then a new change request against the current baseline"
	case f["problem"] == "tampered":
		return "crmflow doctor; crmflow audit log --entity " + id
	case f["problem"] == "control-character":
		return "remove the control character from " + f["field"] + " (tab and newline are allowed)"
	case f["env"] == "CRMFLOW_NOW":
		return "export CRMFLOW_NOW=2026-11-25T10:00:00+08:00"
	case f["field"] == "date":
		return "--date 2026-11-20"
	case f["missing"] == "module":
		return "crmflow project module list"
	case e.Entity == crmflow.KindRequirement.Noun && f["missing"] == "criteria":
		if id == "" {
			return `--criteria "..."`
		}
		return "crmflow req edit " + id + " --criteria-add \"...\""
	case e.Entity == crmflow.KindInterview.Noun && f["missing"] == "notes":
		if f["problem"] == "template unchanged" {
			return "write the notes below the headings, or give --notes notes.md"
		}
		return "--notes notes.md, --notes - (stdin) or --editor"
	case e.Entity == crmflow.KindFinding.Noun && f["missing"] == "text":
		return "crmflow finding add \"" + sample("拜访记录靠Excel，月底汇总丢失约30%", "Visit records kept in Excel; about 30% lost at month end") + "\""
	case e.Entity == crmflow.KindFinding.Noun && f["missing"] == "measure":
		return "--measure " + sample("拜访记录丢失率", "\"lost visit records\"") + " --value 30 --unit %"
	}

	// A record that was not found, or a name that matches several: show one
	// by ID, or list them.
	noun, ok := hintNouns[e.Entity]
	switch {
	case e.Entity == "go-live item":
		return "crmflow golive checklist"
	case !ok:
		return ""
	case f["candidate"] != "":
		return "name it by ID, e.g. crmflow " + noun + " show " + f["candidate"]
	case e.Code == crmflow.ENOTFOUND || f["problem"] == "ambiguous":
		if e.Entity == "data field" {
			return "crmflow data list"
		}
		return "crmflow " + noun + " list"
	}
	return ""
}

// hintNouns maps an entity to the command noun that lists and shows it.
var hintNouns = map[string]string{
	crmflow.KindRequirement.Noun:   "req",
	crmflow.KindProcessMap.Noun:    "process",
	crmflow.KindInterview.Noun:     "interview",
	crmflow.KindFinding.Noun:       "finding",
	crmflow.KindQuestionnaire.Noun: "survey",
	crmflow.KindMeeting.Noun:       "meeting",
	crmflow.KindChange.Noun:        "cr",
	crmflow.KindMilestone.Noun:     "ms",
	crmflow.KindRisk.Noun:          "risk",
	crmflow.KindTestCase.Noun:      "tc",
	crmflow.KindUAT.Noun:           "uat",
	crmflow.KindDefect.Noun:        "defect",
	crmflow.KindFeedback.Noun:      "feedback",
	"competitor":                   "competitor",
	"baseline":                     "baseline",
	"sign-off":                     "signoff",
	"data field":                   "data",
}

// quoteArg quotes a command argument for the shell when it needs it.
func quoteArg(s string) string {
	if s == "" || strings.ContainsAny(s, " \t'\"") {
		return "\"" + strings.ReplaceAll(s, "\"", "\\\"") + "\""
	}
	return s
}
