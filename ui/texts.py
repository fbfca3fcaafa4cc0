"""Every word on the page, in English and Korean; the lesson's terms as the lesson says them."""

from __future__ import annotations

from linreg.errors import ENGLISH as ENGLISH_MESSAGES
from linreg.errors import render

LANGUAGES = {"en": "English", "ko": "한국어"}

EN = {
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
    "class_reveal": "Reveal: play the truth",
    "class_names": "Show names on my screen",
    "class_csv": "Class results (CSV)",
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
    "class_send_run": "Send my run to the board",
    "class_run_sent": "Your run is on the board.",
    "class_truth_is": "The run: {truth}",
    "class_where": "After {steps} steps from here: click the spot on the cost plot, or type W "
                   "and b:",
    "class_send": "Send",
    "class_counts": "{answered} of {joined} have answered.",
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
}

KO = {
    "page_title": "linreg · 경사 하강법으로 배우는 선형 회귀",
    "title": "경사 하강법으로 학습하는 선형 회귀",
    "intro": "학습 데이터에 가장 잘 맞는 직선 H(x) = Wx + b 를 경사 하강법으로 한 걸음씩 "
             "찾아갑니다. 재생을 누르거나 한 단계씩 진행해 보세요.",
    "language": "언어",
    "data": "데이터",
    "preset": "예제 데이터",
    "preset_lesson": "강의 예제: x = 1, 2, 3 → y = 2, 4, 6",
    "preset_lesson_first": "강의의 첫 예제: y = 4, 5, 6",
    "preset_noisy": "잡음이 있는 직선 (30개 점)",
    "preset_outlier": "이상치가 하나 있는 직선",
    "preset_unscaled": "스케일하지 않은 x (1000 근처)",
    "generator": "점 생성하기",
    "gen_n": "점의 개수",
    "gen_slope": "기울기",
    "gen_intercept": "절편",
    "gen_noise": "잡음 (표준편차)",
    "gen_seed": "시드",
    "gen_test_fraction": "테스트 데이터 비율",
    "generate": "생성",
    "upload": "CSV 올리기 (열: x, y, 선택적으로 set)",
    "download_csv": "점 내려받기 (CSV)",
    "table_help": "점을 편집하세요: x, y, 그리고 학습(train)/테스트(test) 데이터 구분. "
                  "맨 아래에서 행을 추가하고, 행을 선택해 삭제합니다.",
    "set": "구분",
    "points_summary": "학습 데이터 {n_train}개, 테스트 데이터 {n_test}개",
    "kept_last_good": "학습은 마지막으로 올바른 데이터를 계속 사용합니다.",
    "table_first_rows": "점 {n:,}개 중 처음 {shown:,}개 (읽기 전용, 바꾸려면 CSV를 올리세요).",
    "table_reset": "표의 편집을 읽을 수 없어 버렸습니다. 점은 마지막으로 올바른 데이터 "
                   "그대로입니다.",
    "data_loaded": "점 {n}개를 불러왔습니다.",
    "settings": "설정",
    "lr": "학습률",
    "lr_help": "한 단계에서 W와 b를 기울기의 반대 방향으로 얼마나 움직일지 정합니다.",
    "lr_zone": "이 데이터에서는 {smooth} 이하면 부드럽게, {bound}까지는 진동하며 수렴하고, "
               "그보다 크면 발산합니다.",
    "epochs": "에폭 수",
    "w0": "W 초깃값",
    "b0": "b 초깃값",
    "optimizer": "옵티마이저",
    "opt_sgd": "SGD (강의)",
    "opt_momentum": "모멘텀 SGD",
    "opt_adam": "Adam",
    "batch_size": "배치 크기 (0 = 전체 배치)",
    "momentum": "모멘텀",
    "seed": "섞기 시드",
    "log_every": "로그 간격 (에폭)",
    "show_3d": "3차원 곡면",
    "engine_fast": "큰 데이터나 긴 학습: 빠른 엔진(float64 통계량)으로 학습합니다. 강의의 "
                   "float32 엔진과 약 1e-5 까지 같으며, 내려받은 스크립트와 마지막 자리가 "
                   "다를 수 있습니다.",
    "engine_faithful": "강의와 같은 엔진으로 학습합니다: float32 텐서, 자동 미분, torch.optim.",
    "play": "재생",
    "pause": "일시정지",
    "step": "한 단계",
    "step10": "10 단계",
    "run_end": "끝까지",
    "reset": "처음으로",
    "speed": "속도",
    "epochs_per_second": "에폭/초",
    "epoch": "에폭",
    "cost": "비용",
    "test_cost": "테스트 비용",
    "train_cost": "비용 (학습)",
    "line_fit": "데이터 위의 가설",
    "cost_surface": "(W, b)에 대한 비용",
    "parameters": "에폭에 따른 W와 b",
    "cost_title": "에폭에 따른 비용",
    "train_points": "학습",
    "test_points": "테스트",
    "best_line": "최적 직선",
    "current_line": "H(x) = Wx + b",
    "optimum": "최솟값",
    "path": "(W, b)의 경로",
    "sampled": "(전체 {total:,}개 중 {shown:,}개 표시)",
    "this_step": "이번 단계의 계산",
    "log": "로그",
    "diverged": "{epoch} 에폭에서 발산했습니다: 비용이 {cost:.3g}을 넘었습니다. 마지막 유한한 "
                "상태를 유지합니다. 이 데이터의 안정 한계는 학습률 < {bound:.4g} 입니다.",
    "finished": "완료: {epochs} 에폭.",
    "paused": "일시정지됨",
    "playing": "재생 중",
    "lesson_quirk": "로그를 읽는 법: 강의의 반복문은 에폭 e에서 그 에폭의 갱신 뒤의 W와 b, "
                    "그리고 갱신 전의 비용을 출력합니다. 위의 숫자는 e번 갱신한 뒤의 상태와 그 "
                    "비용이므로, 1000 에폭에서는 둘 다 W 1.971, b 0.066, 비용 0.000633 입니다.",
    "loading_player": "실시간 그래프를 불러오는 중…",
    "tab_rates": "학습률",
    "stability": "내 데이터로 본 안정성",
    "bound": "안정 한계 2/λmax",
    "fastest": "가장 빠른 학습률 2/(λmin+λmax)",
    "condition": "조건수 λmax/λmin",
    "zone_now": "학습률 {lr:g} 은(는)",
    "zone_smooth": "부드럽게 수렴",
    "zone_oscillating": "진동하며 수렴",
    "zone_diverging": "발산",
    "stability_note": "비용은 곡률이 λmin = {lmin:.4g}, λmax = {lmax:.4g} 인 그릇 모양입니다 "
                      "(헤시안의 고윳값). 한 에폭마다 최솟값까지의 거리가 그릇의 각 축을 따라 "
                      "|1 − 학습률·λ| 배가 됩니다: 학습률 {lr:g} 에서 가파른 축은 {fast:.4f}, "
                      "평평한 축은 {slow:.4f} 입니다.",
    "no_unique": "모든 x가 같습니다: 그릇이 한 방향으로 평평해서 하나의 최적 직선이 없고, "
                 "조건수도 유한하지 않습니다.",
    "compare": "학습 비교",
    "compare_by": "비교 대상",
    "by_rates": "학습률",
    "by_optimizers": "옵티마이저",
    "by_batches": "배치 크기",
    "rates": "학습률 (최대 6개, 쉼표로 구분)",
    "suggested": "0.001, 0.01, 0.1, 0.9×한계, 1.01×한계",
    "sizes": "배치 크기 (0 = 전체 배치, 최대 6개)",
    "tolerance": "비용 허용 오차 (최소 비용 대비)",
    "cmp_paths": "비용 곡면 위의 경로",
    "cmp_costs": "에폭에 따른 비용",
    "st_diverged": "{epoch} 에폭에서 발산",
    "st_converged": "{epoch} 에폭에서 허용 오차 도달",
    "st_converging": "수렴 중, 아직 허용 오차 밖",
    "st_stalled": "수렴하지 않음",
    "run": "실행",
    "status": "결과",
    "final_cost": "최종 비용",
    "sweep": "학습률 훑어보기",
    "sweep_title": "학습률에 따른 최종 비용과 허용 오차까지의 에폭",
    "epochs_to_tol": "허용 오차까지의 에폭",
    "converging": "수렴",
    "diverging": "발산",
    "cliff": "훑어본 학습률 중 처음 발산한 값은 {lr:.4g}, 안정 한계는 {bound:.4g} 입니다.",
    "distance": "최솟값까지의 거리",
    "distance_title": "이번 학습에서 (W, b)와 최솟값 사이의 거리",
    "measured": "측정값",
    "predicted": "이론: (1 − 학습률·λmin)^에폭",
    "epochs_capped": "비교는 최대 {cap:,} 에폭까지 실행합니다.",
    "bad_rates": "학습률을 읽을 수 없습니다: {error}",
    "too_many_runs": "최대 6개까지 비교합니다. 처음 6개를 보여 줍니다.",
    "slowed": "이 학습률에서는 (W, b)가 골짜기를 가로질러 튑니다. 깜박이지 않도록 재생 속도를 "
              "초당 {speed} 에폭으로 낮춥니다.",
    "more_settings": "추가 설정",
    "upload_hint": "CSV: x, y 열 (그리고 train 또는 test 인 set 열). 또는 JSON 으로 저장한 설정.",
    "upload_button": "파일 선택",
    "view": "보기",
    "present": "발표 모드",
    "present_help": "큰 글씨, 굵은 선, 화면을 채우는 그래프. 키: 스페이스는 재생/일시정지, → 는 "
                    "한 단계, R 은 처음으로.",
    "exit_present": "발표 모드 끝내기",
    "reduced_motion": "움직임 줄이기",
    "reduced_motion_help": "재생할 때 그림을 부드럽게 움직이지 않고 1초에 두 번 바꿉니다.",
    "share": "공유",
    "share_help": "이 링크는 지금 설정을 그대로 엽니다: 점, 설정, 언어, 보기. 학습 진행 상황은 "
                  "들어 있지 않습니다.",
    "link_without_points": "점이 너무 많아 링크에는 설정만 담습니다. 점은 CSV 로, 설정은 JSON 으로 "
                           "나누어 주세요.",
    "qr": "링크의 QR 코드",
    "qr_caption": "학생들이 이것을 찍으면 같은 설정이 열립니다.",
    "room_hint": "이 서버는 이 컴퓨터에서만 열립니다. 교실에서 쓰려면 `make run ADDRESS=0.0.0.0` "
                 "으로 시작하세요. 그러면 링크에 교실 네트워크 주소가 나옵니다.",
    "lock": "링크에서 잠글 항목",
    "lock_help": "링크를 연 학생은 이 항목을 볼 수는 있지만 바꿀 수는 없습니다.",
    "download_setup": "설정 내려받기 (JSON)",
    "setup_loaded": "설정을 불러왔습니다.",
    "tab_code": "코드",
    "code_help": "이 학습의 파이토치 코드입니다. 강의와 같은 방식에 지금의 데이터와 설정을 "
                 "넣었습니다. 파이썬으로 실행하면 위의 로그가 그대로 출력됩니다.",
    "code_form": "형태",
    "form_tensor": "W, b 텐서 (강의)",
    "form_module": "nn.Linear 를 쓴 nn.Module (강의의 심화)",
    "download_code": "코드 내려받기 (.py)",
    "tab_export": "내보내기",
    "export_help": "지금까지의 모든 에폭을 정확하게: 에폭, W, b, 비용, 테스트 비용, dW, db.",
    "download_history": "학습 기록 내려받기 (CSV)",
    "png_hint": "그래프 위의 PNG 단추를 누르면 네 그래프를 한 장의 그림으로 저장합니다.",
    "keys_help": "**키**: 스페이스는 재생/일시정지, → 는 한 에폭, R 은 처음으로.",
    "save_png": "PNG",
    "save_png_title": "네 그래프를 한 장의 PNG 그림으로 저장",
    "undo": "되돌리기",
    "undo_title": "점이나 시작점 (W, b)의 마지막 변경을 되돌립니다",
    "new_points": "새 점",
    "preview_none": "미니배치는 미리 볼 수 없습니다: 점을 섞는 순서가 경로를 정합니다. "
                    "손을 떼면 이 학습률로 학습합니다.",
    "preview_diverges": "미리 보기: 에폭 {epoch}에서 발산합니다.",
    "preview_ends": "미리 보기: 에폭 {epoch}에서 비용 {cost}.",
    "edit_hint": "데이터 그래프: 빈 곳을 클릭하면 점 추가, 점을 끌면 이동, Shift+클릭이나 길게 "
                 "누르면 삭제. 비용 그래프: 클릭하거나 끌어서 시작점 (W, b)를 정합니다.",
    "edit_hint_big": "점을 손으로 옮기는 편집은 점 {limit}개까지 됩니다.",
    "tab_data": "데이터",
    "tab_help": "원리",
    "help_body": (
        "**가설** H(x) = Wx + b. **비용** = 학습 데이터에서 (H(x) − y)² 의 평균 (MSE). "
        "**경사 하강법**은 W와 b를 기울기의 반대 방향으로 조금씩 움직입니다: "
        "W ← W − 학습률 · ∂비용/∂W, b ← b − 학습률 · ∂비용/∂b. 한 **에폭**은 학습 데이터를 한 "
        "번 훑는 것이며, 강의처럼 전체 배치라면 한 번의 갱신입니다."
    ),
    # predict, then see
    "predict": "예측하고 확인하기",
    "ask_rate": "여기서부터 학습률 {lr:g}은(는) 어떻게 될까요?",
    "choice_smooth": "부드럽게 수렴",
    "choice_oscillating": "진동하며 수렴",
    "choice_diverging": "발산",
    "ask_place": "(W, b)는 몇 스텝 뒤 어디에 있을까요?",
    "ask_place_after": "스텝 뒤",
    "place_click": "비용 그래프에서 클릭하기",
    "place_cancel": "클릭 취소",
    "ask_next": "이번 스텝 뒤 W는 얼마일까요?",
    "step_and_see": "한 스텝 진행하고 확인",
    "verdict_right": "✓ 맞았습니다.",
    "verdict_wrong": "✗ 이번에는 아닙니다.",
    "verdict_waiting": "학습을 지켜보세요: {epoch} 에폭에서 답이 나옵니다.",
    "why_zone": "이 데이터에서 학습률 {lr:g}은(는) {zone}: 1/λmax = {smooth:.4g}까지는 부드럽게, "
                "2/λmax = {bound:.4g} 미만은 진동하며 수렴, 그 이상은 발산합니다.",
    "why_zone_run": "{optimizer}(으)로 코어가 계산한 학습은 {zone}입니다 (한계 2/λmax = "
                    "{bound:.4g}는 전체 배치의 기본 SGD에만 해당합니다).",
    "why_diverged_at": "{epoch} 에폭에서 발산했습니다.",
    "why_place": "{steps} 스텝 뒤 (W, b) = ({W:.3f}, {b:.3f}); 예측한 점 ({gW:.3f}, {gb:.3f})과의 "
                 "거리는 {distance:.3g}입니다 (이동 거리의 10% 이내면 정답).",
    "why_next": "W ← W − lr · dW = {W0:.3f} − {lr:g} × ({dW:.3f}) = {W:.3f}. 내 답: {guess:g}.",
    "why_next_other": "{optimizer} 한 스텝 뒤 W = {W:.3f}. 내 답: {guess:g}.",
    "why_next_none": "이 스텝에서 발산합니다: W가 더 이상 유한한 수가 아닙니다.",
    "predictions_on": "예측 질문 보이기",
    "predictions_help": "학습률이 어떻게 될지, (W, b)가 어디에 있을지, 다음 W가 얼마일지 묻습니다. "
                        "시연할 때는 끄세요. 링크에 이 선택이 담깁니다.",
    # missions
    "missions": "미션",
    "missions_progress": "{total}개 중 {solved}개 해결",
    "mission_choose": "미션",
    "mission_start": "이 미션 시작",
    "mission_leave": "미션 그만하기",
    "mission_goal": "목표",
    "mission_solved": "✓ 해결! {idea}",
    "mission_hint": "아직입니다. 힌트: {hint}",
    "mission_open": "해 보세요: 페이지가 학습을 보며 확인합니다.",
    "mission_answer_epoch": "발산한 에폭",
    "mission_answer_log_line": "500 에폭의 로그 한 줄",
    "mission_check": "답 확인",
    "mission_fast_fit_title": "1. 빠른 학습",
    "mission_fast_fit_goal": "100 에폭 안에 비용을 0.001 아래로 내리세요.",
    "mission_fast_fit_hint": "학습률 0.01에서는 한 걸음이 아주 작습니다. 한계 {bound:.4g}보다 작은 "
                             "범위에서 학습률을 키우면 더 빨리 갑니다.",
    "mission_fast_fit_idea": "학습률은 걸음의 크기입니다: 안정 한계까지는 걸음이 클수록 더 적은 "
                             "에폭에 바닥에 닿습니다.",
    "mission_edge_title": "2. 안정의 경계",
    "mission_edge_goal": "기본 SGD가 아직 수렴하는 가장 큰 학습률을, 여러 학습률을 시도해 "
                         "한계의 5% 이내로 찾으세요.",
    "mission_edge_hint": "발산했다면 조금 내리고, 수렴했다면 올리세요. 경계는 2를 비용의 가장 큰 "
                         "곡률로 나눈 값 근처입니다.",
    "mission_edge_hint_small": "수렴했지만 경계는 더 위에 있습니다. 학습률을 올리세요.",
    "mission_edge_idea": "이 비용에서 기본 SGD는 lr < 2/λmax = {bound:.4g}일 때에만 수렴합니다 "
                         "(λmax: 헤세 행렬에서 나온 가장 가파른 곡률).",
    "mission_zigzag_title": "3. 지그재그",
    "mission_zigzag_goal": "SGD가 골짜기를 가로질러 진동하면서도 수렴하게 만드세요.",
    "mission_zigzag_hint": "1/λmax = {smooth:.4g} 아래는 부드럽게, 2/λmax = {bound:.4g} 위는 "
                           "발산합니다. 그 사이를 노리세요.",
    "mission_zigzag_idea": "1/λmax와 2/λmax 사이에서는 매 걸음이 가파른 방향으로 골짜기 바닥을 "
                           "넘어가지만, 넘는 폭이 점점 줄어듭니다.",
    "mission_diverge_title": "4. 발산시키기",
    "mission_diverge_goal": "학습을 발산시킨 뒤, 발산한 에폭을 입력하세요.",
    "mission_diverge_hint": "먼저 발산해야 합니다: {bound:.4g}보다 큰 학습률을 써 보세요. 그다음 "
                            "빨간 메시지에서 에폭을 읽으세요.",
    "mission_diverge_hint_epoch": "그 에폭이 아닙니다: 수치 아래 빨간 메시지에서 읽으세요.",
    "mission_diverge_idea": "2/λmax 위에서는 매 걸음이 바로잡는 것보다 더 많이 넘어갑니다: "
                            "최적점까지의 거리가 에폭마다 같은 비율로 커집니다.",
    "mission_momentum_title": "5. 모멘텀",
    "mission_momentum_goal": "같은 학습률 0.01로, 모멘텀을 써서 기본 SGD보다 적은 에폭에 비용 "
                             "1e-6에 도달하세요.",
    "mission_momentum_hint": "옵티마이저를 모멘텀으로, 모멘텀 값을 0.9 정도로 고른 뒤 끝까지 "
                             "학습하세요.",
    "mission_momentum_idea": "모멘텀은 지난 기울기를 누적합니다: 길고 평평한 골짜기에서는 "
                             "기울기가 모두 같은 쪽을 가리켜 합쳐집니다.",
    "mission_slope_double_title": "6. 기울기 두 배",
    "mission_slope_double_goal": "점 하나를 옮겨 최적 직선의 기울기를 두 배로 만드세요 (2에서 "
                                 "4로, 5% 이내).",
    "mission_slope_double_hint": "데이터 그래프나 표에서 점을 정확히 하나만 옮기세요. x = 3인 "
                                 "점을 올리면 기울기가 커집니다.",
    "mission_slope_double_idea": "최적 기울기는 cov(x, y) / var(x)입니다: 각 점은 x가 평균에서 "
                                 "멀수록 기울기를 더 세게 당깁니다.",
    "mission_flat_valley_title": "7. 평평한 골짜기",
    "mission_flat_valley_goal": "비용 그래프에서 시작점을 끌어, 100 에폭 뒤에도 처음 비용의 "
                                "절반 넘게 남는 곳에 두세요.",
    "mission_flat_valley_hint": "골짜기를 가로지르는 방향으로는 비용이 빨리 떨어집니다. "
                                "최적점에서 멀리, 등고선이 길게 늘어진 골짜기를 따라 시작하세요.",
    "mission_flat_valley_idea": "골짜기는 가로 방향이 세로 방향보다 {condition:.0f}배 가파릅니다 "
                                "(조건수 λmax/λmin): 가파른 방향에 안전한 학습률은 평평한 "
                                "방향으로 기어갑니다.",
    "mission_lesson_500_title": "8. nn.Module 형태의 강의",
    "mission_lesson_500_goal": "코드 탭에서 nn.Module 형태의 스크립트를 내려받아 실행하고, "
                               "500 에폭의 로그 한 줄을 입력하세요.",
    "mission_lesson_500_hint": "'Epoch  500/1000'으로 시작하는 줄 전체를 복사하세요.",
    "mission_lesson_500_idea": "nn.Linear도 같은 W와 b를 가집니다: 시작점과 옵티마이저가 같으면 "
                               "강의의 로그를 한 자리도 다르지 않게 출력합니다.",
    # the offline player
    "offline_title": "linreg: 경사 하강법으로 학습하는 선형 회귀 (오프라인 플레이어)",
    "offline_about": "이 파일은 linreg가 계산한 학습을 서버나 네트워크 없이 재생합니다. 새 점, "
                     "다른 옵티마이저, 예측과 미션은 온라인 페이지에서 할 수 있습니다.",
    "offline_open_live": "이 설정을 온라인 페이지에서 열기.",
    "offline_hint": "오프라인: 점과 시작점은 계산한 그대로입니다.",
    "offline_epochs": "에폭으로 이동",
    "offline_rate_taken": "학습률 {lr}: 이 파일에 있는 가장 가까운 학습률입니다. 학습은 0 "
                          "에폭부터 다시 시작합니다.",
    "offline_needs_live": "온라인 페이지가 필요합니다: 이 파일은 담긴 학습만 재생합니다.",
    "download_offline": "오프라인 플레이어 (HTML)",
    "offline_help": "이 학습을 서버와 네트워크 없이 재생하는 HTML 파일 하나입니다 (재생, 스텝, "
                    "수치, 로그, 지금 계산한 학습률들의 스크러버). 네트워크가 없는 교실, "
                    "슬라이드, 집에서 복습할 때 쓰세요.",
    # the live class
    "class": "실시간 수업",
    "class_start": "수업 시작 (선생님)",
    "class_code": "수업 코드",
    "class_nickname": "별명 (선택)",
    "class_nickname_hint": "예: 민지; 비우면 학생 7",
    "class_join": "수업 참여",
    "class_reopen": "내 수업 다시 열기 (선생님)",
    "class_key": "선생님 키",
    "class_reopen_button": "보드 다시 열기",
    "class_student": "학생 {n}",
    "class_you": "수업 {code} · {name}",
    "class_leave": "수업 나가기",
    "class_code_is": "수업 코드 **{code}**: 학생들은 이 링크를 열거나 QR 코드를 찍습니다.",
    "class_mode": "수업",
    "class_mode_follow": "나를 따라오기",
    "class_mode_explore": "자유 탐색",
    "class_mode_paused": "수업 멈춤",
    "class_bring_back": "모두 돌아오기",
    "class_ask": "수업에 질문하기",
    "class_ask_rate_zone": "이 학습률은 어떻게 될까요?",
    "class_ask_where_after": "N 스텝 뒤 (W, b)는 어디에 있을까요?",
    "class_ask_next_W": "이번 스텝 뒤 W는 얼마일까요?",
    "class_ask_button": "질문",
    "class_reveal": "정답 공개: 학습 재생",
    "class_names": "내 화면에 이름 보이기",
    "class_csv": "수업 결과 (CSV)",
    "class_key_help": "혼자만 알고 계세요: 코드와 함께 쓰면 다른 기기에서나 새로 고친 뒤에 이 "
                      "보드를 다시 엽니다.",
    "class_end": "수업 끝내기",
    "class_board": "**수업 {code}** · {joined}명 참여 · {mode}",
    "class_answered": "{question} · {joined}명 중 **{answered}**명 답함",
    "class_right": "정답: {right} · 오답: {wrong}",
    "class_snapshots": "스냅숏: 나란히 볼 학습",
    "class_run": "{who}: 학습률 {lr:g}, {epoch} 에폭, 비용 {cost:.3g}",
    "class_answers": "답",
    "class_truth": "실제 학습",
    "class_look": "보드를 보세요: 선생님이 수업을 멈췄습니다.",
    "class_paused": "선생님이 멈춤",
    "class_following": "선생님을 따라가는 중",
    "class_send_run": "내 학습을 보드에 보내기",
    "class_run_sent": "내 학습이 보드에 올라갔습니다.",
    "class_truth_is": "실제 학습: {truth}",
    "class_where": "여기서 {steps} 스텝 뒤: 비용 그래프에서 그 자리를 누르거나 W와 b를 입력하세요:",
    "class_send": "보내기",
    "class_counts": "{joined}명 중 {answered}명이 답했습니다.",
    "class_your_answer": "내 답: {answer} (공개 전까지 바꿀 수 있습니다).",
    "class_ask_mission": "미션: 누가 풀 수 있을까요?",
    "class_ask_which": "어떤 미션",
    "class_mission_board": "{mission} · **{solved}**명 해결 · {joined}명 중 {answered}명 시도",
    "class_mission_solved": "해결",
    "class_mission_tried": "시도, 아직",
    "class_mission_working": "진행 중",
    "class_mission_note": "페이지가 학습을 계속 확인합니다: 풀면 보드에 바로 나타납니다.",
    "class_mission_unsolved": "이번에는 풀지 못했습니다. {idea}",
}

KO_MESSAGES = {
    "too_few_points": "학습 데이터가 두 개 이상 필요합니다. 사용할 수 있는 점: {found}개.",
    "no_xy_columns": "x와 y 열을 찾지 못했습니다. 두 열의 이름을 x와 y로 해 주세요 "
                     "(찾은 열: {found}).",
    "not_text": "텍스트 CSV 파일이 아닙니다 (이진 데이터로 보입니다).",
    "file_too_large": "파일이 {size_mb:.1f} MB 입니다. 최대 {limit_mb:.0f} MB 까지 받습니다.",
    "empty_file": "파일이 비어 있습니다.",
    "too_many_points": "최대 개수에 맞춰 {found:,}개 중 처음 {kept:,}개만 사용합니다.",
    "skipped_text": "{total:,}행 중 {count:,}행을 건너뛰었습니다: x 또는 y 칸이 비었거나 숫자가 "
                    "아닙니다.",
    "skipped_nonfinite": "{total:,}행 중 {count:,}행을 건너뛰었습니다: x 또는 y 칸이 NaN 이거나 "
                         "무한대입니다.",
    "skipped_range": "{total:,}행 중 {count:,}행을 건너뛰었습니다: 값이 ±{limit:g} 를 "
                     "넘습니다.",
    "unknown_set": "구분이 train도 test도 아닌 {count:,}행은 학습 데이터로 넣었습니다.",
    "decimal_comma": "소수점 쉼표를 소수점으로 읽었습니다.",
    "encoding": "파일을 {encoding} 인코딩으로 읽었습니다.",
    "cell_too_long": "{line}번째 줄: {column} 칸이 {length:,}자입니다. 숫자는 {limit:,}자를 넘지 "
                     "않습니다.",
    "field_too_long": "{line}번째 줄: {limit:,}자보다 긴 칸이 있습니다. 점 데이터 파일에는 이런 "
                      "칸이 없습니다.",
    "line_unreadable": "{line}번째 줄을 CSV로 읽을 수 없습니다.",
    "line_too_long": "{line}번째 줄이 {length:,}자입니다. 한 줄은 {limit:,}자까지 읽습니다.",
    "cell_empty": "{row}행: {column} 칸이 비어 있습니다.",
    "cell_not_number": "{row}행: {column} = {value!r} 는 숫자가 아닙니다.",
    "cell_not_finite": "{row}행: {column} 이(가) 유한한 숫자가 아닙니다.",
    "cell_out_of_range": "{row}행: {column} = {value:g} 가 ±{limit:g} 를 넘습니다.",
    "cell_bad_set": "{row}행: 구분은 train 또는 test 여야 합니다 ({value!r} 아님).",
    "data_not_finite": "모든 x와 y는 유한한 숫자여야 합니다.",
    "data_out_of_range": "모든 x와 y는 ±{limit:g} 안에 있어야 합니다.",
    "no_train_points": "모든 점이 테스트 데이터입니다. 두 개 이상은 학습 데이터여야 합니다.",
    "link_too_long": "링크의 {name} 값이 너무 길어서 무시했습니다.",
    "link_bad": "링크의 {name} 값을 무시했습니다: {why}",
    "link_points_mismatch": "링크에 x 값은 {nx}개, y 값은 {ny}개 있습니다.",
    "link_unknown": "링크의 알 수 없는 값을 무시했습니다: {names}.",
    "setup_not_json": "linreg 설정 파일(JSON)이 아닙니다.",
    "edit_malformed": "페이지에서 온 편집을 거부했습니다: 올바른 편집이 아닙니다.",
    "edit_too_many": "그래프에서는 점 {limit}개까지 편집할 수 있습니다. 더 많으면 표나 CSV를 "
                     "쓰세요.",
    "edit_locked": "링크가 {name} 을(를) 잠갔습니다. 편집하지 않았습니다.",
    "answer_bad": "페이지에서 온 예측을 받지 않았습니다: {name} 값이 올바르지 않습니다.",
    "class_code_bad": "수업 코드는 선생님 화면에 보이는 대로 글자와 숫자 6개입니다.",
    "class_gone": "이 코드의 수업이 없습니다 (끝났을 수 있습니다).",
    "class_not_teacher": "이 수업의 선생님만 할 수 있습니다.",
    "class_not_student": "이 페이지는 수업에 참여하지 않았습니다. 코드로 다시 참여하세요.",
    "class_no_question": "답할 질문이 없습니다.",
    "class_slow_down": "메시지가 너무 많습니다. 잠시 뒤 다시 해 보세요.",
    "class_full": "수업 인원이 가득 찼습니다 ({limit}명).",
    "class_bad": "수업 메시지를 받지 않았습니다: {name} 값이 올바르지 않습니다.",
    "nickname_bad": "별명은 글자, 숫자, 공백, 점, 대시, 밑줄로 {limit}자까지입니다.",
    "run_bad": "수업에 보낸 학습을 받지 않았습니다: {name} 값이 올바르지 않습니다.",
    "class_store": "수업 저장소에 연결할 수 없습니다. 페이지는 혼자 계속됩니다.",
    "undo_empty": "되돌릴 것이 없습니다.",
    "setting_not_number": "{name} 은(는) 숫자여야 합니다 ({value!r} 아님).",
    "setting_out_of_range": "{name} 은(는) {low:g} 와 {high:g} 사이여야 합니다 (입력: {value:g}).",
    "setting_bad_choice": "{name} 은(는) {choices} 중 하나여야 합니다 (입력: {value!r}).",
    "generator_bad": "점 생성에는 {low:g} 와 {high:g} 사이의 {name} 값이 필요합니다.",
}

TEXTS = {"en": EN, "ko": KO}
MESSAGES = {"en": ENGLISH_MESSAGES, "ko": KO_MESSAGES}

assert set(EN) == set(KO), set(EN) ^ set(KO)
assert set(ENGLISH_MESSAGES) == set(KO_MESSAGES), set(ENGLISH_MESSAGES) ^ set(KO_MESSAGES)


def texts(lang: str) -> dict:
    return TEXTS.get(lang, EN)


def message(lang: str, code: str, params: dict) -> str:
    """An InputError or Notice in the user's language."""
    return render(code, params, MESSAGES.get(lang, ENGLISH_MESSAGES))
