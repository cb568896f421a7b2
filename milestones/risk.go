package milestones

import (
	"sort"
	"strings"
	"time"

	"github.com/crmflow/crmflow"
)

// Level is a risk's probability or impact.
type Level string

// The levels.
const (
	Low    Level = "low"
	Medium Level = "medium"
	High   Level = "high"
)

// ParseLevel reads low, medium or high (低, 中, 高; l, m, h; 1, 2, 3).
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low", "l", "1", "低":
		return Low, nil
	case "medium", "med", "m", "2", "中":
		return Medium, nil
	case "high", "h", "3", "高":
		return High, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "%q is not low, medium or high", s)
}

// Score is 1, 2 or 3.
func (l Level) Score() int { return map[Level]int{Low: 1, Medium: 2, High: 3}[l] }

// Name returns the level in lang.
func (l Level) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(l)
	}
	return map[Level]string{Low: "低", Medium: "中", High: "高"}[l]
}

// RiskStatus is where a risk stands.
type RiskStatus string

// The risk statuses.
const (
	RiskOpen     RiskStatus = "open"
	RiskOccurred RiskStatus = "occurred" // it happened: now an issue
	RiskClosed   RiskStatus = "closed"
)

// ParseRiskStatus reads open, occurred or closed (打开, 已发生, 关闭).
func ParseRiskStatus(s string) (RiskStatus, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "open", "打开", "开放", "未关闭":
		return RiskOpen, nil
	case "occurred", "issue", "已发生", "问题":
		return RiskOccurred, nil
	case "closed", "close", "关闭", "已关闭":
		return RiskClosed, nil
	}
	return "", crmflow.Errorf(crmflow.EINVALID, "risk status %q is not open, occurred or closed", s)
}

// Name returns the status in lang.
func (s RiskStatus) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return string(s)
	}
	return map[RiskStatus]string{RiskOpen: "打开", RiskOccurred: "已发生", RiskClosed: "已关闭"}[s]
}

// Risk is one entry of the risk register.
type Risk struct {
	ID          string     `json:"id"`
	Seq         int        `json:"-"`
	Text        string     `json:"text"`
	Probability Level      `json:"probability"`
	Impact      Level      `json:"impact"`
	Owner       string     `json:"owner"`
	Mitigation  string     `json:"mitigation"`
	Due         Date       `json:"due,omitempty"`
	Status      RiskStatus `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Exposure is probability × impact, 1 to 9.
func (r Risk) Exposure() int { return r.Probability.Score() * r.Impact.Score() }

// Open reports whether the risk still needs attention.
func (r Risk) Open() bool { return r.Status != RiskClosed }

// Validate checks a risk before it is stored.
func (r Risk) Validate() error {
	if strings.TrimSpace(r.Text) == "" {
		return crmflow.Errorf(crmflow.EINVALID, "a risk needs a description").About(crmflow.KindRisk.Noun, r.ID)
	}
	if r.Probability.Score() == 0 || r.Impact.Score() == 0 {
		return crmflow.Errorf(crmflow.EINVALID, "a risk needs a probability and an impact (low, medium, high)").About(crmflow.KindRisk.Noun, r.ID)
	}
	return nil
}

// TopRisks returns the open risks by exposure (highest first), then due date,
// then ID; at most n (all when n <= 0).
func TopRisks(risks []Risk, n int) []Risk {
	var out []Risk
	for _, r := range risks {
		if r.Open() {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Exposure() != b.Exposure() {
			return a.Exposure() > b.Exposure()
		}
		if a.Due != b.Due {
			if a.Due == 0 || b.Due == 0 {
				return b.Due == 0
			}
			return a.Due < b.Due
		}
		return a.Seq < b.Seq
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// NextRiskID is the ID the next risk takes.
func (p *Plan) NextRiskID() (string, int) {
	n := 0
	for _, r := range p.Risks {
		if r.Seq > n {
			n = r.Seq
		}
	}
	return crmflow.KindRisk.Format(n + 1), n + 1
}
