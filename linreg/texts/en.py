"""Every word in English: the page's, the messages', the downloaded script's."""

# the page, the offline player and the live class; the lesson's terms as the lesson says them
WORDS = {
    "page_title": "linreg · linear regression by gradient descent",
    "title": "Linear regression, trained by gradient descent",
    "intro": "Find the line H(x) = Wx + b that fits the training points best, one step of "
             "gradient descent at a time. Press Play, or Step through it.",
    "language": "Language",
    # data
    "data": "Data",
    "preset": "Preset",
    "preset_lesson": "The lesson: x = 1, 2, 3 → y = 2, 4, 6",
    "preset_lesson_first": "The lesson's first example: y = 4, 5, 6",
    "preset_noisy": "A noisy line (30 points)",
    "preset_outlier": "A line with an outlier",
    "preset_unscaled": "Unscaled x around 1000",
    "generator": "Generate points",
    "gen_n": "Number of points",
    "gen_slope": "Slope",
    "gen_intercept": "Intercept",
    "gen_noise": "Noise (standard deviation)",
    "gen_seed": "Seed",
    "gen_test_fraction": "Share in the test set",
    "generate": "Generate",
    "upload": "Upload a CSV (columns x, y and optionally set)",
    "download_csv": "Download points (CSV)",
    "table_help": "Edit the points: x, y and whether each is in the train or the test set. "
                  "Add rows at the bottom; select rows to delete them.",
    "set": "set",
    "table_edit": "Edit in the table",
    "table_more": "… and {n:,} more points.",
    "points_summary": "{n_train} training points, {n_test} test points",
    "kept_last_good": "Training keeps using the last good data.",
    "table_first_rows": "The first {shown:,} of {n:,} points (read-only; upload a CSV to "
                        "change them).",
    "table_reset": "The table's edits could not be read and were discarded; the points "
                   "are those of the last good data.",
    "data_loaded": "Loaded {n} points.",
    # settings
    "settings": "Settings",
    "lr": "Learning rate",
    "lr_help": "How far each step moves W and b along the negative gradient.",
    "lr_zone": "For this data: smooth below {smooth}, oscillating up to {bound}, diverging "
               "above.",
    "epochs": "Epochs",
    "w0": "Initial W",
    "b0": "Initial b",
    "optimizer": "Optimizer",
    "opt_sgd": "SGD (the lesson's)",
    "opt_momentum": "SGD with momentum",
    "opt_adam": "Adam",
    "batch_size": "Batch size (0 = full batch)",
    "momentum": "Momentum",
    "seed": "Shuffle seed",
    "log_every": "Log every … epochs",
    "show_3d": "3-D surface",
    "engine_fast": "Big data or a long run: the fast engine (float64 statistics) runs this "
                   "training. It agrees with the lesson's float32 engine to about 1e-5; the "
                   "last printed digit may differ from the downloaded script's.",
    "engine_faithful": "The lesson's engine runs this training: float32 tensors, autograd, "
                       "torch.optim.",
    # player
    "play": "Play",
    "pause": "Pause",
    "step": "Step",
    "step10": "Step ×10",
    "run_end": "Run to end",
    "reset": "Reset",
    "speed": "Speed",
    "epochs_per_second": "epochs/s",
    "epoch": "Epoch",
    "cost": "Cost",
    "test_cost": "Test cost",
    "train_cost": "Cost (train)",
    "line_fit": "Hypothesis over the data",
    "cost_surface": "Cost over (W, b)",
    "parameters": "W and b over the epochs",
    "cost_title": "Cost over the epochs",
    "train_points": "train",
    "test_points": "test",
    "best_line": "best line",
    "current_line": "H(x) = Wx + b",
    "optimum": "optimum",
    "path": "path of (W, b)",
    "sampled": "({shown:,} of {total:,} points drawn)",
    "this_step": "This step, in numbers",
    "log": "Log",
    "diverged": "Diverged at epoch {epoch}: the cost passed {cost:.3g}. The last finite state is "
                "kept. The stability bound for this data is lr < {bound:.4g}.",
    "finished": "Done: {epochs} epochs.",
    "paused": "Paused",
    "playing": "Playing",
    "lesson_quirk": "How the log counts: the lesson's loop prints, at epoch e, W and b after "
                    "that epoch's update but the cost from before it. The numbers above show "
                    "the state after e updates with its own cost, so at epoch 1000 both read "
                    "W 1.971, b 0.066, cost 0.000633.",
    "loading_player": "Loading the live plots…",
    # the learning-rate explorer
    "tab_rates": "Learning rate",
    "stability": "Stability, from your data",
    "bound": "Stability bound 2/λmax",
    "fastest": "Fastest rate 2/(λmin+λmax)",
    "condition": "Condition number λmax/λmin",
    "zone_now": "lr = {lr:g} is",
    "zone_smooth": "smooth",
    "zone_oscillating": "oscillating",
    "zone_diverging": "diverging",
    "stability_note": "The cost is a bowl with curvatures λmin = {lmin:.4g} and λmax = {lmax:.4g} "
                      "(the eigenvalues of its Hessian). Each epoch multiplies the distance to "
                      "the optimum by |1 − lr·λ| along each axis of the bowl: at lr = {lr:g} "
                      "that is {fast:.4f} along the steep axis and {slow:.4f} along the flat one.",
    "no_unique": "Every x is equal: the bowl is flat in one direction, so there is no single "
                 "best line and no finite condition number.",
    "compare": "Compare runs",
    "compare_by": "Compare",
    "by_rates": "learning rates",
    "by_optimizers": "optimizers",
    "by_batches": "batch sizes",
    "rates": "Learning rates (up to 6, comma separated)",
    "suggested": "0.001, 0.01, 0.1, 0.9×bound, 1.01×bound",
    "sizes": "Batch sizes (0 = full batch, up to 6)",
    "tolerance": "Tolerance on the cost (above the best cost)",
    "cmp_paths": "Paths on the cost surface",
    "cmp_costs": "Cost over the epochs",
    "st_diverged": "diverged at epoch {epoch}",
    "st_converged": "within the tolerance at epoch {epoch}",
    "st_converging": "converging, not yet within the tolerance",
    "st_stalled": "not converging",
    "run": "Run",
    "status": "What happened",
    "final_cost": "Final cost",
    "sweep": "Sweep of learning rates",
    "sweep_title": "Final cost and epochs to the tolerance, by learning rate",
    "epochs_to_tol": "Epochs to the tolerance",
    "converging": "converges",
    "diverging": "diverges",
    "cliff": "The first diverging rate of the sweep is {lr:.4g}; the bound is {bound:.4g}.",
    "distance": "Distance to the optimum",
    "distance_title": "Distance of (W, b) to the optimum, this run",
    "measured": "measured",
    "predicted": "theory: (1 − lr·λmin)^epoch",
    "epochs_capped": "Comparisons run at most {cap:,} epochs.",
    "bad_rates": "Could not read the rates: {error}",
    "too_many_runs": "Up to 6 runs; the first 6 are shown.",
    "slowed": "This rate makes (W, b) jump across the valley; playback is slowed to {speed} "
              "epochs a second so it does not flash.",
    # view, sharing, code, export
    "more_settings": "More settings",
    "upload_hint": "CSV: columns x, y (and set: train or test). Or a setup saved as JSON.",
    "upload_button": "Upload",
    "view": "View",
    "present": "Presentation mode",
    "present_help": "Large type, thick lines, plots filling the screen. Keys: Space plays or "
                    "pauses, → steps, R resets.",
    "exit_present": "Leave presentation mode",
    "reduced_motion": "Reduced motion",
    "reduced_motion_help": "Playback shows a new picture twice a second instead of moving "
                           "smoothly.",
    "share": "Share",
    "share_help": "This link opens this exact setup: points, settings, language and view. "
                  "Training progress is not in it.",
    "link_without_points": "Too many points for a link: the link keeps the settings only. "
                           "Share the points as a CSV or the setup as JSON.",
    "qr": "QR code of the link",
    "qr_caption": "Students scan this to open the same setup.",
    "room_hint": "This server listens on this computer only. To serve a classroom, start it "
                 "with `make run ADDRESS=0.0.0.0`; the link then shows the room address.",
    "lock": "Lock in the link",
    "lock_help": "Students who open the link see these controls but cannot change them.",
    "download_setup": "Download the setup (JSON)",
    "setup_loaded": "The setup was loaded.",
    "tab_code": "Code",
    "code_help": "The PyTorch code of this run, in the lesson's style, with your data and "
                 "settings. Run it with Python: it prints the log shown above.",
    "code_form": "Form",
    "form_tensor": "W and b tensors (the lesson)",
    "form_module": "nn.Module with nn.Linear (the lesson's advanced form)",
    "download_code": "Download the code (.py)",
    "tab_export": "Export",
    "export_help": "Every epoch of the run so far, exact: epoch, W, b, cost, test cost, dW, db.",
    "download_history": "Download the history (CSV)",
    "png_hint": "The PNG button above the plots saves all four plots as one picture.",
    "keys_help": "**Keys**: Space plays or pauses, → steps one epoch, R resets.",
    "save_png": "PNG",
    "save_png_title": "Save the four plots as one PNG picture",
    "undo": "Undo",
    "undo_title": "Undo the last change of the points or the start (W, b)",
    "new_points": "New points",
    "preview_none": "No preview for mini-batches: the points' shuffle decides the path. "
                    "Let go to train at this rate.",
    "preview_diverges": "Preview: diverges at epoch {epoch}.",
    "preview_ends": "Preview: cost {cost} at epoch {epoch}.",
    "edit_hint": "On the data plot: click to add a point, drag a point to move it, "
                 "Shift+click or long-press to delete it. On the cost plot: click or drag to "
                 "set the start (W, b).",
    "edit_hint_big": "Points are moved by hand on data sets of up to {limit} points.",
    # the player by keyboard and screen reader ({...} in say_* are filled in by the player)
    "skip_to_player": "Skip to the player",
    "cost_plot_keys": "Cost plot. Arrow keys move the start (W, b), with Shift in bigger steps; "
                      "Enter sets it, Escape cancels.",
    "fit_plot_keys": "Data plot. N and P choose a point, arrow keys move it (Shift: bigger "
                     "steps), Enter sets it, Delete removes it, A adds a point in the middle, "
                     "Escape cancels.",
    "say_state": "Epoch {epoch}: W {W}, b {b}, cost {cost}.",
    "say_wb": "W {W}, b {b}.",
    "say_point": "Point {n} of {count}: x {x}, y {y}.",
    # tabs
    "tab_data": "Data",
    "tab_help": "How it works",
    "help_body": (
        "**Hypothesis** H(x) = Wx + b. **Cost** = mean of (H(x) − y)² over the training "
        "points (MSE). **Gradient descent** moves W and b a small step against the gradient: "
        "W ← W − lr · ∂cost/∂W, b ← b − lr · ∂cost/∂b. One **epoch** is one pass over the "
        "training data; with the full batch, as in the lesson, that is one update."
    ),
    # predict, then see
    "predict": "Predict, then see",
    "ask_rate": "What will lr = {lr:g} do from here?",
    "choice_smooth": "Converge smoothly",
    "choice_oscillating": "Oscillate, yet converge",
    "choice_diverging": "Diverge",
    "ask_place": "Where will (W, b) be after",
    "ask_place_after": "steps?",
    "place_click": "Click it on the cost plot",
    "place_cancel": "Cancel the click",
    "ask_next": "What will W be after this step?",
    "step_and_see": "Step and see",
    "verdict_right": "✓ Right.",
    "verdict_wrong": "✗ Not this time.",
    "verdict_waiting": "Watch the run: the answer shows at epoch {epoch}.",
    "why_zone": "lr = {lr:g} is {zone} on this data: smooth up to 1/λmax = {smooth:.4g}, "
                "oscillating below 2/λmax = {bound:.4g}, diverging from there.",
    "why_zone_run": "With {optimizer}, the run the core computed is {zone} (the bound "
                    "2/λmax = {bound:.4g} holds for plain SGD on the full batch only).",
    "why_diverged_at": "It diverged at epoch {epoch}.",
    "why_place": "After {steps} steps (W, b) = ({W:.3f}, {b:.3f}); your point ({gW:.3f}, "
                 "{gb:.3f}) is {distance:.3g} away (right within 10% of the distance travelled).",
    "why_next": "W ← W − lr · dW = {W0:.3f} − {lr:g} × ({dW:.3f}) = {W:.3f}. Your answer: "
                "{guess:g}.",
    "why_next_other": "After one {optimizer} step W = {W:.3f}. Your answer: {guess:g}.",
    "why_next_none": "This step diverges: W is no longer a finite number.",
    "predictions_on": "Ask me to predict",
    "predictions_help": "The player asks what a rate will do, where (W, b) will be, and the "
                        "next W. Turn it off to demonstrate; the link carries the choice.",
    # missions
    "missions": "Missions",
    "missions_progress": "{solved} of {total} solved",
    "mission_choose": "Mission",
    "mission_start": "Start this mission",
    "mission_leave": "Leave the mission",
    "mission_goal": "Goal",
    "mission_solved": "✓ Solved! {idea}",
    "mission_hint": "Not yet. Hint: {hint}",
    "mission_open": "Try it: the page checks the run as you go.",
    "mission_answer_epoch": "Diverged at epoch",
    "mission_answer_log_line": "The log line for epoch 500",
    "mission_check": "Check my answer",
    "mission_fast_fit_title": "1. Fast fit",
    "mission_fast_fit_goal": "Reach a cost below 0.001 within 100 epochs.",
    "mission_fast_fit_hint": "At lr = 0.01 each step is tiny. A larger rate moves faster, as long "
                             "as it stays below the bound {bound:.4g}.",
    "mission_fast_fit_idea": "The learning rate sets the step size: larger steps reach the "
                             "bottom in fewer epochs, up to the stability bound.",
    "mission_edge_title": "2. The edge of stability",
    "mission_edge_goal": "Find the largest rate that still converges with plain SGD, within 5% "
                         "of the bound, by trying rates.",
    "mission_edge_hint": "Diverged: come down a little. Converged: go up. The edge lies near 2 "
                         "divided by the largest curvature of the cost.",
    "mission_edge_hint_small": "It converged, but the edge is further up. Raise the rate.",
    "mission_edge_idea": "Plain SGD on this cost converges exactly when lr < 2/λmax = {bound:.4g} "
                         "(λmax: the steepest curvature, from the Hessian).",
    "mission_zigzag_title": "3. Zig-zag",
    "mission_zigzag_goal": "Make SGD oscillate across the valley, yet converge.",
    "mission_zigzag_hint": "Smooth runs use rates below 1/λmax = {smooth:.4g}; runs above "
                           "2/λmax = {bound:.4g} diverge. Aim between.",
    "mission_zigzag_idea": "Between 1/λmax and 2/λmax each step overshoots the valley's floor in "
                           "the steep direction, by less each time.",
    "mission_diverge_title": "4. Blow it up",
    "mission_diverge_goal": "Make the run diverge, then type the epoch at which it diverged.",
    "mission_diverge_hint": "It has to diverge first: try a rate above {bound:.4g}. Then read the "
                            "epoch in the red message.",
    "mission_diverge_hint_epoch": "That is not the epoch: read it in the red message under the "
                                  "readouts.",
    "mission_diverge_idea": "Above 2/λmax each step overshoots by more than it corrects: the "
                            "distance to the optimum grows by the same factor every epoch.",
    "mission_momentum_title": "5. Momentum",
    "mission_momentum_goal": "With the same learning rate 0.01, reach a cost of 1e-6 in fewer "
                             "epochs than plain SGD, using momentum.",
    "mission_momentum_hint": "Choose the momentum optimizer and a momentum such as 0.9, then run "
                             "to the end.",
    "mission_momentum_idea": "Momentum keeps a running sum of past gradients: along the long flat "
                             "valley they all point the same way and add up.",
    "mission_slope_double_title": "6. Double the slope",
    "mission_slope_double_goal": "Move one point so that the best line's slope doubles (from 2 to "
                                 "4, within 5%).",
    "mission_slope_double_hint": "Move exactly one point, on the data plot or in the table. The "
                                 "point at x = 3 pulls the slope up when it rises.",
    "mission_slope_double_idea": "The best slope is cov(x, y) / var(x): each point pulls it in "
                                 "proportion to how far its x lies from the mean.",
    "mission_flat_valley_title": "7. The flat valley",
    "mission_flat_valley_goal": "Drag the start on the cost plot to a place from which, after "
                                "100 epochs, more than half of the starting cost is left.",
    "mission_flat_valley_hint": "The cost falls fast across the valley. Start along the valley, "
                                "far from the optimum, where the contours are stretched.",
    "mission_flat_valley_idea": "The valley is {condition:.0f} times steeper across than along "
                                "(the condition number λmax/λmin): a rate safe for the steep "
                                "direction crawls along the flat one.",
    "mission_lesson_500_title": "8. The lesson, in nn.Module form",
    "mission_lesson_500_goal": "Download the script in nn.Module form (Code tab), run it, and "
                               "type its log line for epoch 500.",
    "mission_lesson_500_hint": "Copy the whole line that starts with 'Epoch  500/1000'.",
    "mission_lesson_500_idea": "nn.Linear holds the same W and b; with the same start and "
                               "optimizer it prints the lesson's log digit for digit.",
    # the lesson (linreg/lesson.py, ui/lesson.py)
    "lesson": "Lesson",
    "lesson_help": "A lesson is a few screens in order: each puts a setup on the page and may "
                   "ask a question or set a mission.",
    "lesson_open": "Open the lesson: Lab-02",
    "lesson_upload": "Or open a lesson file (JSON)",
    "lesson_progress": "Screen {n} of {total}",
    "lesson_next": "Next",
    "lesson_back": "Back",
    "lesson_leave": "Leave the lesson",
    "lesson_download": "Download the lesson (JSON)",
    "lesson_notice": "What to notice: {notice}",
    "lesson_done": "questions and missions done",
    "lesson_ask": "This screen's question is under the readouts, in Predict, then see.",
    "lesson_mission": "This screen's mission is in the sidebar: {mission}",
    "lesson_not_in_link": "This lesson is too big for a link: a reload or a shared link "
                          "loses it. Download it as a file.",
    # making a lesson on the page (ui/lesson_edit.py)
    "lesson_make": "Make a lesson",
    "lesson_made_title": "My lesson",
    "lesson_add_title": "Screen title",
    "lesson_add_text": "Screen text",
    "lesson_add_ask": "Ask on this screen",
    "lesson_ask_none": "Nothing",
    "lesson_ask_mission": "The mission now running: {mission}",
    "lesson_add_steps": "Steps (N)",
    "lesson_add_notice": "What to notice (optional)",
    "lesson_add": "Add this setup as a screen",
    "lesson_up": "Move this screen up",
    "lesson_down": "Move this screen down",
    "lesson_delete": "Delete this screen",
    "lesson_export": "Export the lesson (offline HTML)",
    # the offline lesson (player/offline.py lesson_html)
    "offline_lesson_about": "This file plays a lesson computed by linreg, with no server and "
                            "no network: each screen's run, its question and the verdicts "
                            "computed when the file was made.",
    "offline_ask_place": "Where will (W, b) be after {steps} steps?",
    "offline_choose": "Choose an answer:",
    # the offline player
    "offline_title": "linreg: linear regression by gradient descent (offline player)",
    "offline_about": "This file plays a run computed by linreg, with no server and no "
                     "network. New points, another optimizer, predictions and missions need "
                     "the live page.",
    "offline_open_live": "Open this setup on the live page.",
    "offline_hint": "Offline: the points and the start stay as they were computed.",
    "offline_epochs": "Go to epoch",
    "offline_rate_taken": "lr = {lr}: the nearest rate this file holds; its run starts at "
                          "epoch 0.",
    "offline_needs_live": "That needs the live page: this file only plays the runs it holds.",
    "download_offline": "Offline player (HTML)",
    "offline_help": "One HTML file that plays this run with no server and no network (Play, "
                    "Step, the readouts, the log, the rate scrubber over rates computed now): "
                    "for a classroom without a network, slides or revision at home.",
    # the live class
    "class": "Live class",
    "class_start": "Start a class (I teach)",
    "class_code": "Class code",
    "class_nickname": "Nickname (optional)",
    "class_nickname_hint": "e.g. Mina; left empty: Student 7",
    "class_join": "Join the class",
    "class_reopen": "Reopen my class (teacher)",
    "class_key": "Teacher key",
    "class_reopen_button": "Reopen the board",
    "class_student": "Student {n}",
    "class_you": "Class {code} · you are {name}",
    "class_leave": "Leave the class",
    "class_code_is": "Class code **{code}**: students open this link or scan its QR code.",
    "class_mode": "The class",
    "class_mode_follow": "Follow me",
    "class_mode_explore": "Explore",
    "class_mode_paused": "Pause class",
    "class_bring_back": "Bring everyone back",
    "class_ask": "Ask the class",
    "class_ask_rate_zone": "What will this rate do?",
    "class_ask_where_after": "Where will (W, b) be after N steps?",
    "class_ask_next_W": "What will W be after this step?",
    "class_ask_button": "Ask",
    "class_ask_screen": "Ask this screen's question: {question}",
    "class_ask_screen_mission": "Give the class this screen's mission: {mission}",
    "class_reveal": "Reveal: play the truth",
    "class_names": "Show names on my screen",
    "class_csv": "Class results (CSV)",
    "class_lesson_start": "Start a class with this lesson",
    "class_lesson_screen": "Class screen {n} of {total}: {title}",
    "class_ahead": "Let them go ahead to screen",
    "class_ahead_button": "Let them go ahead",
    "class_bring_them_back": "Bring them back",
    "class_paced_follow": "Everyone follows you.",
    "class_paced_ahead": "Students go on their own, up to screen {n}.",
    "class_grid": "Who got where",
    "class_grid_csv": "The grid (CSV)",
    "class_grid_not_yet": "not yet",
    "class_grid_answered": "answered",
    "class_grid_right": "right",
    "class_grid_solved": "solved",
    "class_grid_here": "on screen",
    "class_grid_help": "A row a student, a column a screen: answered, right, solved or not yet.",
    "class_screen_closed": "The teacher has not opened that screen yet.",
    "class_key_help": "Keep it to yourself: with the code, it reopens this board on another "
                      "device or after a reload.",
    "class_end": "End the class",
    "class_board": "**Class {code}** · {joined} joined · {mode}",
    "class_answered": "{question} · **{answered}** of {joined} answered",
    "class_right": "Right: {right} · not right: {wrong}",
    "class_snapshots": "Snapshots: runs to show side by side",
    "class_run": "{who}: lr = {lr:g}, epoch {epoch}, cost {cost:.3g}",
    "class_answers": "answers",
    "class_truth": "the run",
    "class_look": "Look at the board: the teacher has paused the class.",
    "class_paused": "Paused by the teacher",
    "class_following": "Following the teacher",
    "class_setup": "{rule}, rate {lr}, {epochs} epochs from W = {w0}, b = {b0}, "
                   "{points} training points",
    "class_settings_led": "Your teacher chooses the data and the settings: the line above the "
                          "plots names them.",
    "class_send_run": "Send my run to the board",
    "class_run_sent": "Your run is on the board.",
    "class_truth_is": "The run: {truth}",
    "class_where": "After {steps} steps from here: click the spot on the cost plot, or type W "
                   "and b:",
    "class_send": "Send",
    "class_your_answer": "Your answer: {answer} (you can change it until the reveal).",
    "class_ask_mission": "A mission: who can solve it?",
    "class_ask_which": "Which mission",
    "class_mission_board": "{mission} · **{solved}** solved · {answered} of {joined} have tried",
    "class_mission_solved": "solved",
    "class_mission_tried": "tried, not yet",
    "class_mission_working": "still working",
    "class_mission_note": "The page checks your run as you go: the board sees when you have "
                          "solved it.",
    "class_mission_unsolved": "Not solved this time. {idea}",
    # the teacher's say over who is in the class
    "class_joins": "Who may join",
    "class_joins_open": "Anyone with the code",
    "class_joins_approve": "Whom I let in",
    "class_joins_locked": "Nobody more (locked)",
    "class_roster": "Students: {joined} in, {waiting} waiting",
    "class_roster_help": "Their names show only while this is open.",
    "class_roster_pick": "Students",
    "class_waiting_mark": "waiting",
    "class_let_in": "Let in",
    "class_let_all_in": "Let everyone waiting in",
    "class_remove": "Remove from the class",
    "class_wait": "Waiting for the teacher to let you in.",
    "class_end_help": "Ending the class deletes the students' names, answers and runs from the "
                      "server. Download the results first to keep them.",
    "class_end_confirm": "End and delete",
    "class_end_cancel": "Keep the class",
}


# InputError and Notice, by code (linreg/errors.py); the command line prints these
MESSAGES = {
    # data
    "too_few_points": "At least two training points are needed; {found} usable found.",
    "no_xy_columns": "No x and y columns were found. Name two columns x and y (found: {found}).",
    "not_text": "The file is not a text CSV (it looks like binary data).",
    "file_too_large": "The file is {size_mb:.1f} MB; the limit is {limit_mb:.0f} MB.",
    "empty_file": "The file is empty.",
    "too_many_points": "Only the first {kept:,} of {found:,} points were kept (the limit).",
    "skipped_text": "{count:,} of {total:,} rows were skipped: an x or y cell is empty or not a "
                    "number.",
    "skipped_nonfinite": "{count:,} of {total:,} rows were skipped: an x or y cell is NaN or "
                         "infinite.",
    "skipped_range": "{count:,} of {total:,} rows were skipped: a value is beyond ±{limit:g}.",
    "unknown_set": "{count:,} rows had a set other than train or test and were put in train.",
    "decimal_comma": "Decimal commas were read as decimal points.",
    "encoding": "The file was read as {encoding}.",
    "cell_too_long": "Line {line}: the {column} cell is {length:,} characters long; a number has "
                     "at most {limit:,}.",
    "field_too_long": "Line {line}: a cell is longer than {limit:,} characters; a file of points "
                      "has no such cell.",
    "line_unreadable": "Line {line} cannot be read as CSV.",
    "line_too_long": "Line {line} is {length:,} characters long; at most {limit:,} are read.",
    "cell_empty": "Row {row}: the {column} cell is empty.",
    "cell_not_number": "Row {row}: {column} = {value!r} is not a number.",
    "cell_not_finite": "Row {row}: {column} is not a finite number.",
    "cell_out_of_range": "Row {row}: {column} = {value:g} is beyond ±{limit:g}.",
    "cell_bad_set": "Row {row}: set must be train or test, not {value!r}.",
    "data_not_finite": "Every x and y must be a finite number.",
    "data_out_of_range": "Every x and y must lie within ±{limit:g}.",
    "no_train_points": "Every point is in the test set; at least two must be in train.",
    # links and setup files
    "link_too_long": "The link's {name} parameter is too long and was ignored.",
    "link_bad": "The link's {name} was ignored: {why}",
    "link_points_mismatch": "The link has {nx} x values but {ny} y values.",
    "link_unknown": "The link's unknown parameters were ignored: {names}.",
    "setup_not_json": "This is not a linreg setup file (JSON).",
    # lessons (linreg/lesson.py)
    "lesson_not_json": "This is not a linreg lesson file (JSON).",
    "lesson_too_large": "The lesson file is {size_kb:,} KB; the limit is {limit_kb:,} KB.",
    "lesson_bad": "The lesson cannot be opened: {where} is missing or not valid.",
    "lesson_unknown": "The lesson cannot be opened: {where} holds an unknown part ({key}).",
    "lesson_too_long": "The lesson cannot be opened: {where} is longer than {limit:,} "
                       "characters.",
    "lesson_screens": "A lesson has 1 to {limit} screens; this one has {found}.",
    "lesson_bad_setup": "The lesson cannot be opened: the setup of screen {screen} has a bad "
                        "{name}.",
    "lesson_link_bad": "The link's lesson could not be read and was ignored.",
    # edits made by hand on the plots
    "edit_malformed": "An edit from the page was refused: it is not a valid edit.",
    "edit_too_many": "Points are edited on the plot for up to {limit} points; "
                     "use the table or a CSV for more.",
    "edit_locked": "The link locks {name}; the edit was not applied.",
    "undo_empty": "There is nothing to undo.",
    # predictions
    "answer_bad": "A prediction from the page was refused: its {name} is not valid.",
    # the live class
    "class_code_bad": "A class code has 6 letters and digits, as the teacher's screen shows it.",
    "class_gone": "There is no class with this code (it may have ended).",
    "class_not_teacher": "Only the teacher of this class can do that.",
    "class_not_student": "This page is not in the class (the teacher may have removed it); "
                         "join again with its code.",
    "class_locked": "The teacher has closed this class to new students.",
    "class_waiting": "The teacher has not let you in yet.",
    "class_no_question": "There is no open question to answer.",
    "class_slow_down": "Too many messages at once; wait a moment and try again.",
    "class_full": "This class is full ({limit} students).",
    "class_bad": "A class message was refused: its {name} is not valid.",
    "nickname_bad": "A nickname has at most {limit} letters, digits, spaces, dots, dashes or "
                    "underscores.",
    "run_bad": "A run sent to the class was refused: its {name} is not valid.",
    "class_store": "The class store cannot be reached; the page goes on alone.",
    # settings
    "setting_not_number": "{name} must be a number, not {value!r}.",
    "setting_out_of_range": "{name} must be between {low:g} and {high:g}; got {value:g}.",
    "setting_bad_choice": "{name} must be one of {choices}; got {value!r}.",
    "generator_bad": "The generator needs {name} between {low:g} and {high:g}.",
}


# the comments and messages of the downloaded script (linreg/codegen.py)
SCRIPT = {
    "title": "linreg: linear regression by gradient descent, as in Lab-02 of",
    "run": "모두를 위한 딥러닝 시즌2. Run it with: python this_file.py",
    "data": "training data (the page's train set)",
    "W": "W",
    "b": "b",
    "divergence_cost": "training stops when the cost is not finite or passes this cost: "
                       "the run diverged",
    "cost": "cost of H(x) on the whole training set",
    "batches": "mini-batches in a shuffled order, seeded per epoch",
    "diverged": "Diverged at epoch {epoch + 1}",
}
