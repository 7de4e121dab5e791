package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is every style the app draws with, built once per background
// (light or dark) in one place.
type Styles struct {
	isDark bool

	App        lipgloss.Style
	Brand      lipgloss.Style
	Tab        lipgloss.Style
	TabActive  lipgloss.Style
	HeaderInfo lipgloss.Style
	Rule       lipgloss.Style

	Title   lipgloss.Style
	Subtle  lipgloss.Style
	Faint   lipgloss.Style
	Bold    lipgloss.Style
	Danger  lipgloss.Style
	Warning lipgloss.Style
	Success lipgloss.Style
	Accent  lipgloss.Style

	ColumnHead       lipgloss.Style
	ColumnHeadActive lipgloss.Style
	Card             lipgloss.Style
	CardSelected     lipgloss.Style
	CardBar          lipgloss.Style
	CardBarDim       lipgloss.Style

	RowSelected lipgloss.Style
	TableHead   lipgloss.Style

	// Metrics: a figure's value, and the parts of a stacked bar (each
	// also has its own glyph, so they read without colour).
	Figure       lipgloss.Style
	BarNew       lipgloss.Style
	BarExpansion lipgloss.Style
	BarRenewal   lipgloss.Style

	Modal       lipgloss.Style
	StatusOK    lipgloss.Style
	StatusErr   lipgloss.Style
	FieldLabel  lipgloss.Style
	Placeholder lipgloss.Style
	FieldError  lipgloss.Style
	Help        help.Styles

	accentColor color.Color
	subtleColor color.Color
}

// NewStyles builds the theme for a dark or light terminal background.
func NewStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A4FCF"), lipgloss.Color("#A49BFF"))
	text := ld(lipgloss.Color("#1F1F28"), lipgloss.Color("#E6E6EF"))
	subtle := ld(lipgloss.Color("#6B6B7B"), lipgloss.Color("#9A9AAE"))
	faint := ld(lipgloss.Color("#A0A0B0"), lipgloss.Color("#5F5F73"))
	selBg := ld(lipgloss.Color("#E4E1FF"), lipgloss.Color("#2E2A4F"))
	red := ld(lipgloss.Color("#C62828"), lipgloss.Color("#FF6B6B"))
	amber := ld(lipgloss.Color("#A15C00"), lipgloss.Color("#F5B74F"))
	green := ld(lipgloss.Color("#2E7D32"), lipgloss.Color("#7BD88F"))

	h := help.New().Styles
	h.ShortKey = lipgloss.NewStyle().Foreground(accent)
	h.ShortDesc = lipgloss.NewStyle().Foreground(subtle)
	h.ShortSeparator = lipgloss.NewStyle().Foreground(faint)
	h.FullKey = h.ShortKey
	h.FullDesc = h.ShortDesc
	h.FullSeparator = h.ShortSeparator
	h.Ellipsis = h.ShortSeparator

	return Styles{
		isDark:           isDark,
		App:              lipgloss.NewStyle().Foreground(text),
		Brand:            lipgloss.NewStyle().Bold(true).Foreground(accent).Padding(0, 1),
		Tab:              lipgloss.NewStyle().Foreground(subtle).Padding(0, 1),
		TabActive:        lipgloss.NewStyle().Bold(true).Foreground(text).Background(selBg).Padding(0, 1),
		HeaderInfo:       lipgloss.NewStyle().Foreground(subtle),
		Rule:             lipgloss.NewStyle().Foreground(faint),
		Title:            lipgloss.NewStyle().Bold(true).Foreground(accent),
		Subtle:           lipgloss.NewStyle().Foreground(subtle),
		Faint:            lipgloss.NewStyle().Foreground(faint),
		Bold:             lipgloss.NewStyle().Bold(true),
		Danger:           lipgloss.NewStyle().Foreground(red),
		Warning:          lipgloss.NewStyle().Foreground(amber),
		Success:          lipgloss.NewStyle().Foreground(green),
		Accent:           lipgloss.NewStyle().Foreground(accent),
		ColumnHead:       lipgloss.NewStyle().Bold(true).Foreground(subtle),
		ColumnHeadActive: lipgloss.NewStyle().Bold(true).Foreground(accent),
		Card:             lipgloss.NewStyle(),
		CardSelected:     lipgloss.NewStyle().Background(selBg),
		CardBar:          lipgloss.NewStyle().Foreground(accent).Background(selBg),
		CardBarDim:       lipgloss.NewStyle().Foreground(faint),
		RowSelected:      lipgloss.NewStyle().Background(selBg).Bold(true),
		TableHead:        lipgloss.NewStyle().Bold(true).Foreground(subtle),
		Figure:           lipgloss.NewStyle().Bold(true).Foreground(text),
		BarNew:           lipgloss.NewStyle().Foreground(accent),
		BarExpansion:     lipgloss.NewStyle().Foreground(green),
		BarRenewal:       lipgloss.NewStyle().Foreground(amber),
		Modal:            lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		StatusOK:         lipgloss.NewStyle().Foreground(green),
		StatusErr:        lipgloss.NewStyle().Foreground(red).Bold(true),
		FieldLabel:       lipgloss.NewStyle().Foreground(subtle),
		FieldError:       lipgloss.NewStyle().Foreground(red),
		Placeholder:      lipgloss.NewStyle().Foreground(faint).Italic(true),
		Help:             h,
		accentColor:      accent,
		subtleColor:      subtle,
	}
}
