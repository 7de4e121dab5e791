package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

// taskCommand is `rolo task done`: an account task marked done from the
// command line, as `d` does in the app.
func (a *app) taskCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "task [command]",
		Short: "Mark an account's task done (tasks are added with rolo log --kind task or --next)",
	}
	var next, due string
	done := &cobra.Command{
		Use:   "done ACCOUNT [TEXT]",
		Short: "Mark an account's task done: it is a touch, and --next/--due add the next task",
		Long: `Marks one of the account's open tasks done now: a touch of the account (it resets the
check-in clock) and of its deal, if it is about one. TEXT picks the task by a part of
what it says; without it the account must have one open task, or the open ones are
listed. --next and --due add the next task in the same step.`,
		Example: `  rolo task done "Acme Corp"
  rolo task done acme "pricing" --next "Book the QBR" --due "in 2 weeks"`,
		Args: rangeArgs(1, 2, "an account, and a part of the task's text when it has several"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := clock()
			if err != nil {
				return err
			}
			switch {
			case next != "" && due == "":
				return usagef("--next needs --due: when is the next task due? (fri, +3d, 2026-12-05)")
			case next == "" && due != "":
				return usagef("--due needs --next: say what the next task is")
			}
			follow, err := taskFlags(c, store.FollowUp{}, next, due)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			return a.withStore(ctx, writing, func(s *store.Store) error {
				acct, err := s.FindAccount(ctx, args[0])
				if err != nil {
					return asUsage(err)
				}
				tasks, err := s.OpenTasks(ctx, acct.ID)
				if err != nil {
					return err
				}
				if len(args) == 2 {
					tasks = tasksMatching(tasks, args[1])
				}
				switch {
				case len(tasks) == 0 && len(args) == 2:
					return usagef("%s has no open task saying %q; `rolo account %q` lists its tasks", model.Clean(acct.Name),
						model.Clean(args[1]), model.Clean(acct.Name))
				case len(tasks) == 0:
					return usagef("%s has no open task", model.Clean(acct.Name))
				case len(tasks) > 1:
					lines := make([]string, len(tasks))
					for i, t := range tasks {
						lines[i] = fmt.Sprintf("due %s  %s", t.Due, model.Clean(t.Text))
					}
					return usagef("%s has %d open tasks; add a part of one's text:\n  %s", model.Clean(acct.Name), len(tasks),
						strings.Join(lines, "\n  "))
				}
				t := tasks[0]
				if _, err := s.CompleteTask(ctx, t, follow); err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Done: %s (%s, due %s).", model.Clean(t.Text), model.Clean(acct.Name), t.Due)
				if follow.Task != "" {
					fmt.Fprintf(a.out, " Next task: %s, due %s.", model.Clean(follow.Task), follow.TaskDue)
				}
				fmt.Fprintln(a.out, " rolo undo takes it back.")
				return nil
			})
		},
	}
	done.Flags().StringVar(&next, "next", "", "the next task, added in the same step (with --due)")
	done.Flags().StringVar(&due, "due", "", "when the next task is due: fri, +3d, 2026-12-05")
	cmd.AddCommand(done)
	return cmd
}

// tasksMatching keeps the tasks whose text contains part, ignoring case.
func tasksMatching(tasks []model.Activity, part string) []model.Activity {
	part = strings.ToLower(strings.TrimSpace(part))
	var out []model.Activity
	for _, t := range tasks {
		if strings.Contains(strings.ToLower(t.Text), part) {
			out = append(out, t)
		}
	}
	return out
}
