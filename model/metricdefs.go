package model

// MetricDefinitions is the one text that defines every metric: `rolo
// report --help`, the README and the Metrics tab's help all show these
// words (a test holds the README to them). Keep lines under 92 columns.
const MetricDefinitions = `A period is [` + "`from`, `to`" + `]: civil dates, both inclusive, in your time zone. A moment (a deal
created or closed, a survey answered) belongs to the period when its local date does.
Archived rows never count: an archived deal, contract, survey answer or spend row, nor
anything on an archived account. Money is per currency: different currencies are never
added. Where a denominator is 0 the figure is null in JSON and "—" on screen, never 0.

Selling
- revenue: Σ value of deals won in the period, split by kind: new, expansion, renewal.
- win rate: new-business deals closed in the period: won ÷ (won + lost).
- stage conversion: the cohort is the new-business deals created in the period. A deal
  reached stage k if its history up to the end of ` + "`to`" + ` shows it in stage k or any later
  stage (in today's board order), or it stood won at the end of ` + "`to`" + `. Conversion
  k → k+1 = reached(k+1) ÷ reached(k), for each pair of adjacent stages on the board.
  A deal created in a later stage reached the stages it skipped; a lost deal reached
  the stages it was in; moves after ` + "`to`" + `, and stages no longer on the board, do not
  count; a win undone is not a win. A deal with no recorded history (imported without
  it) is taken as it stands now: created in its current stage, with its status.
- sales cycle: median of (local date closed − local date created) in days over the
  new-business deals won in the period (the mean of the two middle values when the
  count is even).
- new customers: accounts whose first won new-business deal closed in the period.
- CAC: acquisition spend dated in the period ÷ new customers, per currency of spend.
- weighted pipeline: open deals now (whatever the period): Σ value × probability (the
  deal's own, else its stage's) ÷ 100, per currency.

Account management
- CSAT: surveys of kind csat answered in the period: answers 4–5 ÷ all answers × 100.
- NPS: surveys of kind nps answered in the period: % of 9–10 − % of 0–6 (−100 to 100).
- ARR on day d: per account and currency, Σ yearly value of the contracts with
  start ≤ d ≤ end (both dates inclusive). Only the dates count, not the status: a
  contract marked churned counts until its end date, a renewed one too, and its renewal
  from its own start; a renewal starting the day after the old contract ends leaves no
  gap.
- GRR / NRR: the cohort is the (account, currency) pairs with ARR > 0 on ` + "`from`" + `,
  compared with their ARR on ` + "`to`" + `: churned = start ARR of the pairs at 0;
  contraction = Σ (start − end) where 0 < end < start; expansion = Σ (end − start)
  where end > start. GRR = (start − churned − contraction) ÷ start; NRR = (start +
  expansion − contraction − churned) ÷ start, per currency. Pairs new since ` + "`from`" + `
  are not in the cohort.
- logo retention: accounts with ARR > 0 on ` + "`from`" + ` that still have ARR > 0 (in any
  currency) on ` + "`to`" + ` ÷ those at ` + "`from`" + `.

Periods: this-month and this-quarter run from their first day to today, ytd from
1 January to today, last-12m is the twelve months ending today, last-month and
last-quarter are the whole previous month and quarter. A change beside a figure
(▲ 4 pts) compares it with the previous period of the same length: the same span one
month, quarter or year earlier for the presets and for periods of whole months (this
month to the 27th against last month to the 27th), else as many days just before it.

Honest forecast: beside each stage's configured probability, the measured one: of the
deals that first reached the stage in the last 12 months (reached as above; a won deal
reaches every stage when it is won) and are closed now, the share won, with how many
deals that is. The measured pipeline weighs each open deal by its stage's measured
probability (the configured one while none has closed), not by the deal's own.`
