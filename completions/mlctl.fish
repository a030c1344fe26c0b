# fish completion for mlctl.
# Generated from mlctl's own flag definitions; do not edit. Regenerate with:
#   build/mlctl generate completion fish > completions/mlctl.fish
# Install as /usr/share/fish/vendor_completions.d/mlctl.fish.

# Files ending in one of the given extensions, and directories.
function __mlctl_files
    set -l files (complete -C "__fish_command_without_completions "(commandline -ct))
    string match -r -- '^.*/$' $files
    for ext in $argv
        string match -r -- "^.*\\.$ext\$" $files
    end
end

complete -c mlctl -f
complete -c mlctl -n 'not __fish_seen_subcommand_from train predict retrain lint-data describe' -a train -d 'Fit a feature pipeline and a ridge/logistic model on a CSV; write a model file'
complete -c mlctl -n 'not __fish_seen_subcommand_from train predict retrain lint-data describe' -a predict -d 'Stream predictions for CSV rows with a model file'
complete -c mlctl -n 'not __fish_seen_subcommand_from train predict retrain lint-data describe' -a retrain -d 'Retrain a model on new data; promote it only if not worse (exit 3 if rejected)'
complete -c mlctl -n 'not __fish_seen_subcommand_from train predict retrain lint-data describe' -a lint-data -d 'Check data before training or predicting (CI exit codes)'
complete -c mlctl -n 'not __fish_seen_subcommand_from train predict retrain lint-data describe' -a describe -d 'Summarise a dataset (CSV) or a model file'
complete -c mlctl -s h -l help -d 'Print this help message and exit'
complete -c mlctl -n 'not __fish_seen_subcommand_from train predict retrain lint-data describe' -l version -d 'Print the version and exit'
complete -c mlctl -s v -l verbose -d 'More messages on stderr (-vv for debug)'
complete -c mlctl -s q -l quiet -d 'Only errors on stderr'
complete -c mlctl -l color -x -a 'auto always never' -d 'Colour in messages: auto (on a terminal, unless NO_COLOR is set), always, never'
complete -c mlctl -l config -r -F -d 'Read a subcommand\'s flags from a TOML file; command-line flags win'

complete -c mlctl -n '__fish_seen_subcommand_from train' -l target -x -d 'The column to predict'
complete -c mlctl -n '__fish_seen_subcommand_from train' -s o -l output -x -a '(__mlctl_files mlm)' -d 'Model file to write (default: the data file\'s name with .mlm, here)'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l features -x -d 'Comma-separated input columns (default: every other column)'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l exclude -x -d 'Comma-separated columns to leave out'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l algorithm -x -a 'auto ridge logistic' -d 'ridge, logistic, or auto: logistic for text or two-valued targets'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l alpha -x -d 'L2 strength (logistic: 1/C); a list such as 0.01,0.1,1,10 with --cv picks one'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l impute -x -a 'mean median' -d 'Numeric missing values: mean or median'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l scale -x -a 'standard minmax none' -d 'Numeric scaling: standard, minmax or none'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l class-weight -x -a 'none balanced' -d 'none, or balanced: weight classes by n / (classes * count)'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l holdout -x -d 'Fraction of rows held out to measure the model (0 = none)'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l cv -x -d 'K-fold cross-validation instead of a holdout (K >= 2)'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l seed -x -d 'Seed of the holdout and fold split'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l max-iter -x -d 'Logistic solver iterations at most'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l json -d 'Print the training report as JSON on stdout'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l audit-log -r -F -d 'Append one JSON line about this run (docs/retrain.md)'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l delimiter -x -d 'Field separator: \',\' \';\' or \'tab\' (default: tab for .tsv/.tab, else \',\')'
complete -c mlctl -n '__fish_seen_subcommand_from train' -l na -x -d 'Another token meaning a missing value (repeatable)'
complete -c mlctl -n '__fish_seen_subcommand_from train' -a '(__mlctl_files csv tsv)'

complete -c mlctl -n '__fish_seen_subcommand_from predict' -s m -l model -x -a '(__mlctl_files mlm)' -d 'The model file'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -s o -l output -r -F -d 'Where to write predictions (default: stdout)'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l proba -d 'Add a proba_<class> column per class (logistic)'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l keep -x -d 'Comma-separated input columns to copy to the front'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l no-header -d 'Leave out the CSV header line'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l format -x -a 'csv jsonl' -d 'csv or jsonl'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l interval -x -d 'Add lower/upper columns of a conformal interval with this coverage (ridge)'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l explain -x -d 'Add the score and its K largest feature contributions (coef x encoded value)'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l stats -r -F -d 'Write the monitoring counters as JSON to FILE'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l delimiter -x -d 'Field separator: \',\' \';\' or \'tab\' (default: tab for .tsv/.tab, else \',\')'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -l na -x -d 'Another token meaning a missing value (repeatable)'
complete -c mlctl -n '__fish_seen_subcommand_from predict' -a '(__mlctl_files csv tsv)'

complete -c mlctl -n '__fish_seen_subcommand_from retrain' -s m -l model -x -a '(__mlctl_files mlm)' -d 'The current model'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -s o -l output -x -a '(__mlctl_files mlm)' -d 'Where a promoted candidate is written'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l in-place -d 'Replace CURRENT.mlm atomically, keeping the old one as CURRENT.mlm.prev'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l max-regression -x -d 'How much worse the primary metric (R², log loss) may get, on its own scale'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l min-skill -x -d 'Standard errors by which the candidate must beat predicting the base rate (or the mean) on its held-out rows; 0 = off'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l force -d 'Promote even if the gate fails (recorded in the model as forced)'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l no-wait -d '--in-place: fail at once (exit 1) if another retrain holds the model\'s lock'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l eval -x -a '(__mlctl_files csv tsv)' -d 'Also compare both models on this data'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l json -d 'Print the comparison and the decision as JSON'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l audit-log -r -F -d 'Append one JSON line about this run'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l alpha -x -d 'Override the recipe\'s L2 strength (list with --cv)'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l holdout -x -d 'Override the held-out fraction'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l cv -x -d 'Override: K-fold cross-validation'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l seed -x -d 'Override the split seed'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l max-iter -x -d 'Override the logistic solver\'s iterations'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l class-weight -x -a 'none balanced' -d 'Override: none or balanced'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l delimiter -x -d 'Field separator: \',\' \';\' or \'tab\' (default: tab for .tsv/.tab, else \',\')'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -l na -x -d 'Another token meaning a missing value (repeatable)'
complete -c mlctl -n '__fish_seen_subcommand_from retrain' -a '(__mlctl_files csv tsv)'

complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -s m -l model -x -a '(__mlctl_files mlm)' -d 'Also check the data against what this model was trained on'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l target -x -d 'The target column: missing labels, class imbalance, leakage (default: the model\'s target, when the data has it)'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l json -d 'Same as --format json'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l format -x -a 'text json sarif' -d 'text, json or sarif (SARIF 2.1.0)'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l fail-on -x -a 'error warning' -d 'Exit 3 on findings at this level or worse'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l max-missing -x -d 'Flag columns with at least this share of missing values'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l psi-warn -x -d 'PSI at which drift is a warning'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l psi-fail -x -d 'PSI at which drift is an error'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l js-warn -x -d 'Jensen-Shannon divergence (base 2) at which drift is a warning'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l js-fail -x -d 'Jensen-Shannon divergence (base 2) at which drift is an error'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l unseen-warn -x -d 'Share of unseen categories that makes a warning (below: info)'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l range-warn -x -d 'Share of values outside the training range that makes a warning'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l missing-increase -x -d 'Rise of a column\'s missing share since training that makes a warning'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l min-class-share -x -d 'Warn when the rarest target class is below this share'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l leakage -x -d 'Score (0-1) at which a feature that predicts the target is a leak'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l delimiter -x -d 'Field separator: \',\' \';\' or \'tab\' (default: tab for .tsv/.tab, else \',\')'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -l na -x -d 'Another token meaning a missing value (repeatable)'
complete -c mlctl -n '__fish_seen_subcommand_from lint-data' -a '(__mlctl_files csv tsv)'

complete -c mlctl -n '__fish_seen_subcommand_from describe' -l json -d 'Print one JSON document (docs/describe-json.md)'
complete -c mlctl -n '__fish_seen_subcommand_from describe' -l html -r -F -d 'Write a self-contained HTML report (charts, no scripts) to FILE'
complete -c mlctl -n '__fish_seen_subcommand_from describe' -l delimiter -x -d 'Field separator: \',\' \';\' or \'tab\' (default: tab for .tsv/.tab, else \',\')'
complete -c mlctl -n '__fish_seen_subcommand_from describe' -l na -x -d 'Another token meaning a missing value (repeatable)'
complete -c mlctl -n '__fish_seen_subcommand_from describe' -a '(__mlctl_files csv tsv mlm)'
