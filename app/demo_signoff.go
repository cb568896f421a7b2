package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/crmflow/crmflow"
	"github.com/crmflow/crmflow/signoff"
)

// DemoSignoff is what the demo's sign-off and go-live step made.
type DemoSignoff struct {
	Request  string // SO-001
	Baseline string
	Signer   string
	KeyID    string
	KeyDir   string
	// Legacy is the planted customer sheet and what its check found.
	Legacy         string
	LegacyRows     int
	LegacyRejected int
}

// demoLegacyCustomers is a customer export from the client's old system with
// the problems real exports have planted in it: a credit code Excel turned
// into scientific notation, a grade that is not a choice, a phone number that
// lost its leading 1, a missing name and a duplicate.
const demoLegacyCustomers = "客户名称,统一社会信用代码,客户类型,客户等级,联系人手机号,所属区域,负责销售\n" +
	"华联超市（徐汇店）,91310104MA1FL2AB3C,KA 卖场,A,13812345678,华东,李明\n" +
	"好邻居便利店,,便利店,B,+86 139 1234 5678,华北,王芳\n" +
	"顺达商贸有限公司,9.13101E+17,经销商,A,13700001111,华东,李明\n" +
	"老街烟酒店,,个体门店,D,13600002222,西南,赵强\n" +
	"鑫源批发部,,经销商,B,3512345678,华南,王芳\n" +
	",,便利店,C,13500003333,华东,李明\n" +
	"好邻居 便利店,,便利店,B,13912345678,华北,王芳\n"

// seedSignoff is the end of the demo's lifecycle: 王总 gets a key (kept in
// the demo's folder, not the user's), signs off the SRS on the newest
// baseline, the sign-off is verified and exported with its signatures, and
// the go-live checklist and a legacy customer sheet's check are written.
func (a *App) seedSignoff(ctx context.Context, dir, out, baselineName string, write func(name string, doc Document) error) (DemoSignoff, []string, error) {
	res := DemoSignoff{Signer: "王总", Baseline: baselineName, KeyDir: filepath.Join(dir, "keys")}
	kf, err := a.GenerateKey(ctx, res.Signer, res.KeyDir, true)
	if err != nil {
		return res, nil, err
	}
	res.KeyID = kf.Key.ID
	r, err := a.RequestSignoff(ctx, SignoffInput{Doc: signoff.DocSRS, Baseline: baselineName, Lang: crmflow.LangZH, Format: "html"})
	if err != nil {
		return res, nil, err
	}
	res.Request = r.ID
	if _, _, err := a.SignSignoff(ctx, r.ID, res.Signer, signoff.RequirementsConfirmed, kf.Secret); err != nil {
		return res, nil, err
	}
	rep, err := a.VerifySignoff(ctx, r.ID, "")
	if err != nil {
		return res, nil, err
	}
	if !rep.OK {
		return res, nil, crmflow.Errorf(crmflow.EINTERNAL, "the demo's sign-off %s does not verify: %d problem(s)", r.ID, len(rep.Problems)).In("demo.signoff")
	}
	written, err := a.ExportSignoff(ctx, r.ID, filepath.Join(out, "signed"))
	if err != nil {
		return res, nil, err
	}
	doc, err := a.GoLiveChecklist(ctx, crmflow.LangZH)
	if err != nil {
		return res, written, err
	}
	if err := write(doc.Name, doc); err != nil {
		return res, written, err
	}
	res.Legacy = filepath.Join(dir, "legacy-customers.csv")
	if err := os.WriteFile(res.Legacy, []byte(demoLegacyCustomers), 0o644); err != nil {
		return res, written, fileError(res.Legacy, err)
	}
	check, files, err := a.CheckLegacyData(ctx, LegacyCheck{Path: res.Legacy, Entity: "客户", BatchSize: 500, OutDir: filepath.Join(out, "legacy-check")})
	if err != nil {
		return res, written, fmt.Errorf("checking the demo's legacy sheet: %w", err)
	}
	res.LegacyRows, res.LegacyRejected = check.Rows, check.Rejected
	return res, append(written, files...), nil
}
