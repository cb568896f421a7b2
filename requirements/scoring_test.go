package requirements

import (
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	st := DefaultSettings()
	tests := []struct {
		v, d, u, want int
	}{
		{5, 2, 4, 90}, // the example: 0.5·5 + 0.3·4 + 0.2·4 = 4.5
		{5, 1, 5, 100},
		{1, 5, 1, 20},
		{3, 3, 3, 60},
		{4, 4, 3, 66},
		{2, 4, 2, 40},
		{2, 1, 1, 46},
		{4, 3, 2, 64}, // 0.5·4 + 0.3·2 + 0.2·3 = 3.2 → 64
		{1, 1, 2, 42}, // 0.5 + 0.6 + 1.0 = 2.1 → 42
	}
	for _, tt := range tests {
		if got := st.Score(tt.v, tt.d, tt.u); got != tt.want {
			t.Errorf("Score(value %d, difficulty %d, urgency %d) = %d, want %d", tt.v, tt.d, tt.u, got, tt.want)
		}
	}
	// Every combination stays within 0–100 and rises with value and urgency, falls with difficulty.
	for v := 1; v <= 5; v++ {
		for d := 1; d <= 5; d++ {
			for u := 1; u <= 5; u++ {
				s := st.Score(v, d, u)
				if s < 0 || s > 100 {
					t.Fatalf("score %d out of range", s)
				}
				if v < 5 && st.Score(v+1, d, u) <= s || u < 5 && st.Score(v, d, u+1) <= s || d < 5 && st.Score(v, d+1, u) >= s {
					t.Fatalf("score not monotonic at %d,%d,%d", v, d, u)
				}
			}
		}
	}
}

func TestScoreRoundsHalfUp(t *testing.T) {
	// value=0.4, urgency=0.4, ease=0.2 on (3,3,3): raw 3.0 → 60; (4,3,3): 3.4 → 68.
	var st Settings = DefaultSettings()
	if err := st.Apply(KeyWeights, "value=0.4,urgency=0.4,ease=0.2"); err != nil {
		t.Fatal(err)
	}
	if got := st.Score(4, 3, 3); got != 68 {
		t.Fatalf("got %d, want 68", got)
	}
	// 0.1 + 0.2 style float error must not round 89.5 down: weights 0.7/0.1/0.2 on (4,3,5) = 2.8+0.5+0.6 = 3.9 → 78.
	if err := st.Apply(KeyWeights, "value=0.7,urgency=0.1,ease=0.2"); err != nil {
		t.Fatal(err)
	}
	if got := st.Score(4, 3, 5); got != 78 {
		t.Fatalf("got %d, want 78", got)
	}
}

func TestQuadrant(t *testing.T) {
	st := DefaultSettings()
	tests := []struct {
		v, d int
		want Quadrant
	}{
		{5, 1, QuickWin}, {4, 3, QuickWin}, {4, 4, MajorProject}, {5, 5, MajorProject},
		{3, 3, FillIn}, {1, 1, FillIn}, {3, 4, MoneyPit}, {1, 5, MoneyPit},
	}
	for _, tt := range tests {
		if got := st.Quadrant(tt.v, tt.d); got != tt.want {
			t.Errorf("Quadrant(%d, %d) = %s, want %s", tt.v, tt.d, got, tt.want)
		}
	}
	st.High = 5
	if got := st.Quadrant(4, 3); got != FillIn {
		t.Errorf("with high=5, Quadrant(4,3) = %s, want fill-in", got)
	}
}

func TestSuggestMoSCoW(t *testing.T) {
	st := DefaultSettings()
	for score, want := range map[int]MoSCoW{100: Must, 80: Must, 79: Should, 60: Should, 59: Could, 40: Could, 39: Wont, 0: Wont} {
		if got := st.SuggestMoSCoW(score); got != want {
			t.Errorf("SuggestMoSCoW(%d) = %s, want %s", score, got, want)
		}
	}
	r := Requirement{Value: 5, Difficulty: 2, Urgency: 4}
	if e := st.Evaluate(&r); e.MoSCoW != Must || !e.MoSCoWSuggested || e.Score != 90 {
		t.Errorf("Evaluate = %+v", e)
	}
	r.MoSCoW = Could
	if e := st.Evaluate(&r); e.MoSCoW != Could || e.MoSCoWSuggested {
		t.Errorf("explicit MoSCoW lost: %+v", e)
	}
}

func TestSettingsApply(t *testing.T) {
	tests := []struct {
		key, value string
		wantErr    string
		check      func(Settings) bool
	}{
		{KeyWeights, "value=0.6,urgency=0.2,ease=0.2", "", func(s Settings) bool { return s.Weights == Weights{0.6, 0.2, 0.2} }},
		{KeyWeights, "value=0.3, urgency=0.5", "", func(s Settings) bool { return s.Weights == Weights{0.3, 0.5, 0.2} }},
		{KeyWeights, "value=0.9", "add up to 1.4", nil},
		{KeyWeights, "value=-0.5,urgency=1.3,ease=0.2", "must be between 0 and 1", nil},
		{KeyWeights, "value", `"value" is not name=number`, nil},
		{KeyWeights, "value=NaN,urgency=0.3,ease=0.2", "is not a number", nil},
		{KeyWeights, "", "no values given", nil},
		{KeyHigh, "3", "", func(s Settings) bool { return s.High == 3 }},
		{KeyHigh, "0", "not an integer 1–5", nil},
		{KeyMoSCoW, "must=90,should=70,could=50", "", func(s Settings) bool { return s.MustAt == 90 && s.ShouldAt == 70 && s.CouldAt == 50 }},
		{KeyMoSCoW, "must=50", "must ≥ should ≥ could", nil},
		{KeyMoSCoW, "must=80.5", "whole number", nil},
		{"scoring.colour", "x", "unknown setting", nil},
	}
	for _, tt := range tests {
		s := DefaultSettings()
		err := s.Apply(tt.key, tt.value)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Apply(%s, %q) error = %v, want %q", tt.key, tt.value, err, tt.wantErr)
			}
			if s != DefaultSettings() {
				t.Errorf("Apply(%s, %q) failed but changed the settings: %+v", tt.key, tt.value, s)
			}
			continue
		}
		if err != nil || !tt.check(s) {
			t.Errorf("Apply(%s, %q) = %v, settings %+v", tt.key, tt.value, err, s)
		}
		// Text round-trips through Apply.
		s2 := DefaultSettings()
		if err := s2.Apply(tt.key, s.Text(tt.key)); err != nil || s2 != s {
			t.Errorf("Text(%s) = %q does not round-trip: %v", tt.key, s.Text(tt.key), err)
		}
	}
}

func TestLoadSettingsIgnoresUnknownKeys(t *testing.T) {
	s, err := LoadSettings(map[string]string{KeyHigh: "3", "other.key": "x"})
	if err != nil || s.High != 3 {
		t.Fatalf("LoadSettings = %+v, %v", s, err)
	}
	if _, err := LoadSettings(map[string]string{KeyHigh: "x"}); err == nil {
		t.Fatal("a corrupt stored setting must be reported")
	}
}

func FuzzSettingsApply(f *testing.F) {
	for _, s := range []string{"value=0.5,urgency=0.3,ease=0.2", "must=80,should=60,could=40", "4", "=,=", "value=1e309"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, k := range []string{KeyWeights, KeyHigh, KeyMoSCoW} {
			s := DefaultSettings()
			if err := s.Apply(k, v); err == nil {
				s2 := DefaultSettings()
				if err := s2.Apply(k, s.Text(k)); err != nil || s2 != s {
					t.Fatalf("%s=%q accepted but its text %q does not round-trip", k, v, s.Text(k))
				}
				for _, x := range []int{1, 3, 5} {
					if sc := s.Score(x, x, x); sc < 0 || sc > 100 {
						t.Fatalf("score %d out of range with %s=%q", sc, k, v)
					}
				}
			}
		}
	})
}
