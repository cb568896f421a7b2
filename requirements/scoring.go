package requirements

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/crmflow/crmflow"
)

// Weights weigh the three scores. Ease is 6 − difficulty, so harder work scores lower.
type Weights struct {
	Value   float64 `json:"value"`
	Urgency float64 `json:"urgency"`
	Ease    float64 `json:"ease"`
}

// Settings are the project's scoring rules (settings keys scoring.*).
type Settings struct {
	Weights Weights `json:"weights"`
	// High is the threshold at which value or difficulty counts as "high" for the quadrant.
	High int `json:"high"`
	// MoSCoW thresholds on the 0–100 score used to suggest a class.
	MustAt   int `json:"must_at"`
	ShouldAt int `json:"should_at"`
	CouldAt  int `json:"could_at"`
}

// DefaultSettings are the defaults every new project gets.
func DefaultSettings() Settings {
	return Settings{Weights: Weights{Value: 0.5, Urgency: 0.3, Ease: 0.2}, High: 4,
		MustAt: 80, ShouldAt: 60, CouldAt: 40}
}

// Setting keys, as `crmflow project set` takes them.
const (
	KeyWeights = "scoring.weights"
	KeyHigh    = "scoring.high"
	KeyMoSCoW  = "scoring.moscow"
)

// SettingKeys lists the keys this package owns, with a description each.
var SettingKeys = map[string]string{
	KeyWeights: "score weights, e.g. value=0.5,urgency=0.3,ease=0.2 (ease = 6 − difficulty; they must add up to 1)",
	KeyHigh:    "the value/difficulty at which the quadrant counts as high (1–5, default 4)",
	KeyMoSCoW:  "score thresholds for the suggested MoSCoW, e.g. must=80,should=60,could=40",
}

// Apply sets one key from its text form, validating it.
func (s *Settings) Apply(key, value string) error {
	switch key {
	case KeyWeights:
		kv, err := parseKV(key, value, []string{"value", "urgency", "ease"})
		if err != nil {
			return err
		}
		w := s.Weights
		for k, v := range kv {
			if v < 0 || v > 1 {
				return crmflow.Errorf(crmflow.EINVALID, "%s: weight %s=%g must be between 0 and 1", key, k, v)
			}
			switch k {
			case "value":
				w.Value = v
			case "urgency":
				w.Urgency = v
			case "ease":
				w.Ease = v
			}
		}
		if sum := w.Value + w.Urgency + w.Ease; math.Abs(sum-1) > 1e-6 {
			return crmflow.Errorf(crmflow.EINVALID, "%s: weights add up to %g; they must add up to 1 (value=%g, urgency=%g, ease=%g)",
				key, round3(sum), w.Value, w.Urgency, w.Ease)
		}
		s.Weights = w
	case KeyHigh:
		n, err := ParseScore(key, value)
		if err != nil {
			return err
		}
		s.High = n
	case KeyMoSCoW:
		kv, err := parseKV(key, value, []string{"must", "should", "could"})
		if err != nil {
			return err
		}
		c := *s
		for k, v := range kv {
			if v != math.Trunc(v) || v < 0 || v > 100 {
				return crmflow.Errorf(crmflow.EINVALID, "%s: %s=%g must be a whole number 0–100", key, k, v)
			}
			switch k {
			case "must":
				c.MustAt = int(v)
			case "should":
				c.ShouldAt = int(v)
			case "could":
				c.CouldAt = int(v)
			}
		}
		if !(c.MustAt >= c.ShouldAt && c.ShouldAt >= c.CouldAt) {
			return crmflow.Errorf(crmflow.EINVALID, "%s: thresholds must satisfy must ≥ should ≥ could (got must=%d, should=%d, could=%d)",
				key, c.MustAt, c.ShouldAt, c.CouldAt)
		}
		*s = c
	default:
		return crmflow.Errorf(crmflow.EINVALID, "unknown setting %q", key)
	}
	return nil
}

// Text returns the text form of one key, as Apply reads it.
func (s Settings) Text(key string) string {
	switch key {
	case KeyWeights:
		return fmt.Sprintf("value=%s,urgency=%s,ease=%s", ftoa(s.Weights.Value), ftoa(s.Weights.Urgency), ftoa(s.Weights.Ease))
	case KeyHigh:
		return strconv.Itoa(s.High)
	case KeyMoSCoW:
		return fmt.Sprintf("must=%d,should=%d,could=%d", s.MustAt, s.ShouldAt, s.CouldAt)
	}
	return ""
}

// LoadSettings builds settings from stored key/value text, starting from the defaults.
func LoadSettings(kv map[string]string) (Settings, error) {
	s := DefaultSettings()
	keys := make([]string, 0, len(kv))
	for k := range kv {
		if _, ok := SettingKeys[k]; ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := s.Apply(k, kv[k]); err != nil {
			return s, err
		}
	}
	return s, nil
}

func parseKV(key, value string, allowed []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, part := range strings.Split(value, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok {
			return nil, crmflow.Errorf(crmflow.EINVALID, "%s: %q is not name=number", key, part)
		}
		known := false
		for _, a := range allowed {
			known = known || a == k
		}
		if !known {
			return nil, crmflow.Errorf(crmflow.EINVALID, "%s: unknown name %q (use %s)", key, k, strings.Join(allowed, ", "))
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, crmflow.Errorf(crmflow.EINVALID, "%s: %s=%q is not a number", key, k, v)
		}
		out[k] = f
	}
	if len(out) == 0 {
		return nil, crmflow.Errorf(crmflow.EINVALID, "%s: no values given", key)
	}
	return out, nil
}

// ftoa writes a weight briefly, rounded to nine decimals against float noise.
func ftoa(f float64) string { return strconv.FormatFloat(math.Round(f*1e9)/1e9, 'f', -1, 64) }
func round3(f float64) float64 {
	return math.Round(f*1000) / 1000
}

// Quadrant is the value × difficulty class.
type Quadrant string

// The quadrants.
const (
	QuickWin     Quadrant = "quick-win"
	MajorProject Quadrant = "major-project"
	FillIn       Quadrant = "fill-in"
	MoneyPit     Quadrant = "money-pit"
)

// Name returns the quadrant's name in lang.
func (q Quadrant) Name(lang crmflow.Lang) string {
	if lang == crmflow.LangEN {
		return map[Quadrant]string{QuickWin: "Quick win", MajorProject: "Major project", FillIn: "Fill-in", MoneyPit: "Money pit"}[q]
	}
	return map[Quadrant]string{QuickWin: "速赢", MajorProject: "重点项目", FillIn: "填充项", MoneyPit: "避免"}[q]
}

// Score is the weighted 0–100 score: round(100 × (wv·value + wu·urgency + we·(6 − difficulty)) / 5).
func (s Settings) Score(value, difficulty, urgency int) int {
	raw := s.Weights.Value*float64(value) + s.Weights.Urgency*float64(urgency) + s.Weights.Ease*float64(6-difficulty)
	// Round the raw sum to 1e-9 first so 89.99999999 from float error rounds as 90.
	return int(math.Round(math.Round(100*raw/5*1e6) / 1e6))
}

// Formula describes the score formula with the project's weights.
func (s Settings) Formula() string {
	return fmt.Sprintf("score = round(100 × (%s·value + %s·urgency + %s·(6 − difficulty)) / 5)",
		ftoa(s.Weights.Value), ftoa(s.Weights.Urgency), ftoa(s.Weights.Ease))
}

// Quadrant classifies by value and difficulty.
func (s Settings) Quadrant(value, difficulty int) Quadrant {
	hv, hd := value >= s.High, difficulty >= s.High
	switch {
	case hv && !hd:
		return QuickWin
	case hv && hd:
		return MajorProject
	case !hv && !hd:
		return FillIn
	default:
		return MoneyPit
	}
}

// SuggestMoSCoW proposes a class from a score.
func (s Settings) SuggestMoSCoW(score int) MoSCoW {
	switch {
	case score >= s.MustAt:
		return Must
	case score >= s.ShouldAt:
		return Should
	case score >= s.CouldAt:
		return Could
	}
	return Wont
}

// Evaluation is what the settings derive from one requirement.
type Evaluation struct {
	Score           int
	Quadrant        Quadrant
	MoSCoW          MoSCoW // the explicit class, or the suggestion
	MoSCoWSuggested bool   // true when MoSCoW is a suggestion
}

// Evaluate derives score, quadrant and MoSCoW for r.
func (s Settings) Evaluate(r *Requirement) Evaluation {
	e := Evaluation{Score: s.Score(r.Value, r.Difficulty, r.Urgency), Quadrant: s.Quadrant(r.Value, r.Difficulty), MoSCoW: r.MoSCoW}
	if e.MoSCoW == "" {
		e.MoSCoW = s.SuggestMoSCoW(e.Score)
		e.MoSCoWSuggested = true
	}
	return e
}
