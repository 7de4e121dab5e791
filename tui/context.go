package tui

import (
	"context"
	"time"

	"rolo/model"
	"rolo/store"
)

// appContext is what every view, dialog and action shares (soft-serve's
// shared context): the store, the clock, the theme, the keys, the size of
// the body, the stages of the board and the user's settings. Only the
// root model changes it, and only in Update; commands copy the values they
// need before they start.
type appContext struct {
	store    *store.Store
	clock    model.Clock
	styles   Styles
	keys     KeyMap
	width    int // the whole window
	height   int
	stages   []model.Stage // the board's stages in order, refreshed after every change
	settings store.Settings
}

// bodyHeight is the window minus the header (tabs and a rule) and the
// footer.
func (c *appContext) bodyHeight() int { return max(0, c.height-3) }

// stage returns a stage of the board by id.
func (c *appContext) stage(id int64) (model.Stage, bool) {
	for _, st := range c.stages {
		if st.ID == id {
			return st, true
		}
	}
	return model.Stage{}, false
}

// stageName is a stage's display name, or "(removed stage)".
func (c *appContext) stageName(id int64) string {
	if st, ok := c.stage(id); ok {
		return model.Clean(st.Name)
	}
	return "(removed stage)"
}

// stageAfter is the stage dir steps along the board from the deal's, if
// there is one.
func (c *appContext) stageAfter(stageID int64, dir int) (model.Stage, bool) {
	for i, st := range c.stages {
		if st.ID == stageID {
			if to := i + dir; to >= 0 && to < len(c.stages) {
				return c.stages[to], true
			}
			return model.Stage{}, false
		}
	}
	return model.Stage{}, false
}

// ctxTimeout bounds every store call a command makes.
func ctxTimeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Second)
}

// latest cancels a view's superseded loads: typing a filter starts a load
// per key and only the last one matters, so the earlier ones stop rather
// than scan on (and hold memory) in parallel. Call next in Update and give
// the context to the command.
type latest struct{ cancel context.CancelFunc }

func (l *latest) next() (context.Context, context.CancelFunc) {
	if l.cancel != nil {
		l.cancel()
	}
	ctx, cancel := ctxTimeout()
	l.cancel = cancel
	return ctx, cancel
}
