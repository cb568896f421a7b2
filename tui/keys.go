package tui

import (
	"charm.land/bubbles/v2/key"

	"github.com/crmflow/crmflow"
)

// keyMap holds every binding; ShortHelp shows those of the current page.
type keyMap struct {
	page                                 int
	Quit, Help, Next, Prev, Pages        key.Binding
	Up, Down, PgUp, PgDown, Enter, Back  key.Binding
	Filter, Sort, Status, Scores, Editor key.Binding
	Add, Approve, Reject, Defer, Record  key.Binding
	Start, Finish                        key.Binding
	Render, BPMN, Promote, Pane          key.Binding
	Left, Right, Cards, Sprints, Develop key.Binding
	PrevSprint, NextSprint               key.Binding
}

func keysFor(lang crmflow.Lang) keyMap {
	h := func(en, zh string) string {
		if lang == crmflow.LangEN {
			return en
		}
		return zh
	}
	b := func(keys []string, k, en, zh string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, h(en, zh)))
	}
	return keyMap{
		Quit:    b([]string{"q", "ctrl+c"}, "q", "quit", "退出"),
		Help:    b([]string{"?"}, "?", "all keys", "全部按键"),
		Next:    b([]string{"tab"}, "tab", "next page", "下一页"),
		Prev:    b([]string{"shift+tab"}, "shift+tab", "previous page", "上一页"),
		Pages:   b([]string{"1", "2", "3", "4", "5", "6", "7", "8"}, "1-8", "go to page", "切换页面"),
		Up:      b([]string{"up", "k"}, "up/k", "up", "上移"),
		Down:    b([]string{"down", "j"}, "down/j", "down", "下移"),
		PgUp:    b([]string{"pgup"}, "pgup", "page up", "上一屏"),
		PgDown:  b([]string{"pgdown"}, "pgdn", "page down", "下一屏"),
		Enter:   b([]string{"enter"}, "enter", "details", "详情"),
		Back:    b([]string{"esc"}, "esc", "back", "返回"),
		Filter:  b([]string{"/"}, "/", "filter", "筛选"),
		Sort:    b([]string{"o"}, "o", "sort", "排序"),
		Status:  b([]string{"s"}, "s", "status", "改状态"),
		Scores:  b([]string{"e"}, "e", "scores", "改评分"),
		Editor:  b([]string{"E"}, "E", "$EDITOR", "编辑器"),
		Add:     b([]string{"a"}, "a", "add", "新增"),
		Approve: b([]string{"a"}, "a", "approve", "批准"),
		Reject:  b([]string{"r"}, "r", "reject", "拒绝"),
		Defer:   b([]string{"d"}, "d", "defer", "暂缓"),
		Record:  b([]string{"n"}, "n", "record interview", "记录访谈"),
		Start:   b([]string{"s"}, "s", "mark started", "标记开始"),
		Finish:  b([]string{"f"}, "f", "mark done", "标记完成"),
		Render:  b([]string{"r"}, "r", "render SVG", "导出SVG"),
		BPMN:    b([]string{"b"}, "b", "render BPMN", "导出BPMN"),
		Promote: b([]string{"p"}, "p", "promote finding", "发现转需求"),
		Pane:    b([]string{"p"}, "p", "detail pane", "详情窗格"),
		Left:    b([]string{"left", "h"}, "left/h", "left", "左一列"),
		Right:   b([]string{"right", "l"}, "right/l", "right", "右一列"),
		// Cards and Sprints only name key groups in the help bar; Left,
		// Right, Up, Down, PrevSprint and NextSprint do the work.
		Cards:      b([]string{"left", "right", "up", "down"}, "arrows", "card", "选卡片"),
		Sprints:    b([]string{"[", "]"}, "[ ]", "sprint", "切换迭代"),
		PrevSprint: b([]string{"["}, "[", "prev sprint", "上一个迭代"),
		NextSprint: b([]string{"]"}, "]", "next sprint", "下一个迭代"),
		Develop:    b([]string{"s"}, "s", "start/stop work", "开始/停止开发"),
	}
}

// ShortHelp is the help bar: the current page's actions, then the global keys.
func (k keyMap) ShortHelp() []key.Binding {
	var page []key.Binding
	switch k.page {
	case pageReqs:
		page = []key.Binding{k.Filter, k.Sort, k.Enter, k.Status, k.Scores, k.Editor, k.Add, k.Pane}
	case pageSurvey:
		page = []key.Binding{k.Record, k.Up, k.Down, k.Promote}
	case pageProcess:
		page = []key.Binding{k.Up, k.Down, k.Render, k.BPMN}
	case pageChanges:
		page = []key.Binding{k.Approve, k.Reject, k.Defer}
	case pagePlan:
		page = []key.Binding{k.Up, k.Down, k.Start, k.Finish}
	case pageAccept:
		page = []key.Binding{k.Up, k.Down}
	case pageSprint:
		page = []key.Binding{k.Cards, k.Enter, k.Sprints, k.Develop}
	}
	return append(page, k.Help, k.Quit)
}

// FullHelp lists every key, grouped.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.Pages, k.Help, k.Quit},
		{k.Up, k.Down, k.Left, k.Right, k.PgUp, k.PgDown, k.Enter, k.Back},
		{k.Filter, k.Sort, k.Status, k.Scores, k.Editor, k.Add, k.Pane, k.PrevSprint, k.NextSprint},
		{k.Record, k.Promote, k.Render, k.BPMN, k.Approve, k.Reject, k.Defer, k.Start, k.Finish, k.Develop},
	}
}
