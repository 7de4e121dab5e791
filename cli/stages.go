package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"rolo/model"
	"rolo/store"
)

func (a *app) stagesCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stages",
		Short: "List, add, rename, reorder and tune the pipeline's stages",
		Long: `Stages are yours: rename them, add your own, reorder them and set each one's
default win probability (used for weighted totals) and rot days (a deal untouched
that long in the stage is stale). Deals keep their history when stages change.`,
		Example: `  rolo stages
  rolo stages add Negotiating --probability 65 --rot-days 10 --position 4
  rolo stages rename Presenting Demo
  rolo stages move Demo 2
  rolo stages set Closing --probability 85 --rot-days 7
  rolo stages remove Negotiating`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withStore(cmd.Context(), reading, func(s *store.Store) error {
				stages, err := s.Stages(cmd.Context())
				if err != nil {
					return err
				}
				if asJSON {
					type stageOut struct {
						Position    int    `json:"position"`
						Name        string `json:"name"`
						Probability int    `json:"probability"`
						RotDays     int    `json:"rot_days"`
					}
					out := make([]stageOut, len(stages))
					for i, st := range stages {
						out[i] = stageOut{st.Position, st.Name, st.Probability, st.RotDays}
					}
					return printJSON(a.out, out)
				}
				t := newTable(a.out, ">#", "Stage", ">Probability", ">Rot days")
				for _, st := range stages {
					t.add(strconv.Itoa(st.Position), st.Name, fmt.Sprintf("%d%%", st.Probability), strconv.Itoa(st.RotDays))
				}
				return t.print()
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	cmd.AddCommand(a.stageAddCommand(), a.stageRenameCommand(), a.stageMoveCommand(), a.stageSetCommand(), a.stageRemoveCommand())
	return cmd
}

func (a *app) stageAddCommand() *cobra.Command {
	var probability, rotDays, position int
	cmd := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a stage (at the end, or at --position)",
		Args:  exactArgs(1, "the new stage's name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), writing, func(s *store.Store) error {
				if cmd.Flags().Changed("position") {
					stages, err := s.Stages(cmd.Context())
					if err != nil {
						return err
					}
					if position < 1 || position > len(stages)+1 {
						return usagef("--position %d is off the board; use 1 to %d (%d puts it last)", position, len(stages)+1, len(stages)+1)
					}
				}
				st, err := s.AddStage(cmd.Context(), model.Stage{Name: args[0], Probability: probability, RotDays: rotDays, Position: position})
				if err != nil {
					return asUsage(err)
				}
				fmt.Fprintf(a.out, "Added stage %s at position %d.\n", model.Clean(st.Name), st.Position)
				return nil
			})
		},
	}
	cmd.Flags().IntVar(&probability, "probability", 50, "default win probability in percent")
	cmd.Flags().IntVar(&rotDays, "rot-days", 14, "days untouched before a deal here is stale (0 = never)")
	cmd.Flags().IntVar(&position, "position", 0, "position on the board, 1 = first (default: last)")
	return cmd
}

func (a *app) stageRenameCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "rename STAGE NEW-NAME",
		Short: "Rename a stage",
		Args:  exactArgs(2, "the stage and its new name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.editStage(cmd, args[0], func(st *model.Stage) { st.Name = args[1] })
		},
	}
}

func (a *app) stageSetCommand() *cobra.Command {
	var probability, rotDays int
	cmd := &cobra.Command{
		Use:   "set STAGE",
		Short: "Set a stage's default probability and rot days",
		Args:  exactArgs(1, "the stage"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("probability") && !cmd.Flags().Changed("rot-days") {
				return usagef("say what to set: --probability N and/or --rot-days N")
			}
			return a.editStage(cmd, args[0], func(st *model.Stage) {
				if cmd.Flags().Changed("probability") {
					st.Probability = probability
				}
				if cmd.Flags().Changed("rot-days") {
					st.RotDays = rotDays
				}
			})
		},
	}
	cmd.Flags().IntVar(&probability, "probability", 0, "default win probability in percent")
	cmd.Flags().IntVar(&rotDays, "rot-days", 0, "days untouched before a deal here is stale (0 = never)")
	return cmd
}

func (a *app) editStage(cmd *cobra.Command, name string, edit func(*model.Stage)) error {
	return a.withStore(cmd.Context(), writing, func(s *store.Store) error {
		st, err := s.StageByName(cmd.Context(), name)
		if err != nil {
			return asUsage(err)
		}
		seen := st
		edit(&st)
		if err := s.UpdateStage(cmd.Context(), seen, st); err != nil {
			return refused(asUsage(err))
		}
		fmt.Fprintf(a.out, "Stage %s: probability %d%%, rot days %d.\n", model.Clean(st.Name), st.Probability, st.RotDays)
		return nil
	})
}

func (a *app) stageMoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "move STAGE POSITION",
		Short: "Move a stage to a position on the board (1 = first)",
		Args:  exactArgs(2, "the stage and its new position"),
		RunE: func(cmd *cobra.Command, args []string) error {
			pos, err := strconv.Atoi(args[1])
			if err != nil {
				return usagef("POSITION must be a number, like 2")
			}
			return a.withStore(cmd.Context(), writing, func(s *store.Store) error {
				st, err := s.StageByName(cmd.Context(), args[0])
				if err != nil {
					return asUsage(err)
				}
				if err := s.MoveStage(cmd.Context(), st, pos); err != nil {
					return refused(asUsage(err))
				}
				fmt.Fprintf(a.out, "Moved stage %s to position %d.\n", model.Clean(st.Name), pos)
				return nil
			})
		},
	}
}

func (a *app) stageRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove STAGE",
		Short: "Remove an empty stage from the board (its history stays)",
		Args:  exactArgs(1, "the stage"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withStore(cmd.Context(), writing, func(s *store.Store) error {
				st, err := s.StageByName(cmd.Context(), args[0])
				if err != nil {
					return asUsage(err)
				}
				if err := s.ArchiveStage(cmd.Context(), st); err != nil {
					return asUsage(refused(err))
				}
				fmt.Fprintf(a.out, "Removed stage %s ('rolo undo' puts it back).\n", model.Clean(st.Name))
				return nil
			})
		},
	}
}
