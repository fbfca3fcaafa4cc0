"""The built-in lesson: Lab-02's own order as screens, in English and Korean (read by
linreg.lesson.builtin, which checks it as it checks any lesson file)."""

_DATA_LOCK = {"lock": "data"}
_LESSON_RUN = {"lock": "data,lr,epochs,w0,b0,optimizer,batch_size"}

LESSON = {
    "linreg_lesson": 1,
    "title": {"en": "Lab-02: linear regression by gradient descent",
              "ko": "Lab-02: 경사 하강법으로 푸는 선형 회귀"},
    "screens": [
        {
            "title": {"en": "The data and the hypothesis", "ko": "데이터와 가설"},
            "text": {
                "en": "Three training points: x = 1, 2, 3 and y = 2, 4, 6. The hypothesis is a "
                      "line, H(x) = Wx + b. Training starts from W = 0 and b = 0, so H(x) = 0 "
                      "for every x: the flat line on the left plot. The dashed line is the best "
                      "one, y = 2x.",
                "ko": "학습 데이터는 세 점입니다: x = 1, 2, 3 과 y = 2, 4, 6. 가설은 직선 "
                      "H(x) = Wx + b 입니다. 학습은 W = 0, b = 0 에서 시작하므로 모든 x에서 "
                      "H(x) = 0, 왼쪽 그래프의 평평한 선입니다. 점선이 가장 잘 맞는 직선 "
                      "y = 2x 입니다.",
            },
            "setup": _DATA_LOCK,
            "notice": {
                "en": "W is the slope and b the intercept: training moves only these two "
                      "numbers.",
                "ko": "W는 기울기, b는 절편입니다: 학습은 이 두 숫자만 움직입니다.",
            },
        },
        {
            "title": {"en": "The cost and where its minimum is", "ko": "비용과 그 최솟값의 위치"},
            "text": {
                "en": "The cost is the mean of the squared errors, (1/m) Σ (H(x) − y)². The "
                      "cost plot shows it for every (W, b): a valley whose floor is at W = 2, "
                      "b = 0. Where will (W, b) be after the lesson's 1000 steps? Under the "
                      "readouts, press Click it on the cost plot, then click the place.",
                "ko": "비용은 오차 제곱의 평균, (1/m) Σ (H(x) − y)² 입니다. 비용 그래프는 모든 "
                      "(W, b)의 비용을 보여 줍니다: 바닥이 W = 2, b = 0 인 골짜기입니다. 강의의 "
                      "1000 스텝 뒤 (W, b)는 어디에 있을까요? 수치 아래의 '비용 그래프에서 "
                      "클릭하기'를 누르고 그 위치를 클릭하세요.",
            },
            "setup": _LESSON_RUN,
            "question": {"kind": "where_after", "steps": 1000},
            "notice": {
                "en": "After 1000 steps (W, b) = (1.971, 0.066): close to the floor, not on "
                      "it. The valley is long and flat along one direction.",
                "ko": "1000 스텝 뒤 (W, b) = (1.971, 0.066): 바닥에 가깝지만 바닥은 아닙니다. "
                      "골짜기가 한 방향으로 길고 평평하기 때문입니다.",
            },
        },
        {
            "title": {"en": "One step of gradient descent, by hand",
                      "ko": "경사 하강법 한 스텝, 손으로"},
            "text": {
                "en": "At W = 0, b = 0 the gradient of the cost is dW = −18.667 and db = −8. "
                      "SGD updates W ← W − lr · dW with lr = 0.01. What will W be after this "
                      "step? Type it in Predict, then see, under the readouts.",
                "ko": "W = 0, b = 0 에서 비용의 기울기는 dW = −18.667, db = −8 입니다. SGD는 "
                      "학습률 0.01로 W ← W − lr · dW 를 계산합니다. 이번 스텝 뒤 W는 얼마일까요? "
                      "수치 아래의 '예측하고 확인하기'에 적어 보세요.",
            },
            "setup": _LESSON_RUN,
            "question": {"kind": "next_W"},
            "notice": {
                "en": "0 − 0.01 × (−18.667) = 0.187: the lesson's first log line prints "
                      "W: 0.187. The step goes against the gradient, and lr sets its size.",
                "ko": "0 − 0.01 × (−18.667) = 0.187: 강의 로그의 첫 줄이 W: 0.187 입니다. "
                      "스텝은 기울기의 반대 방향으로, 크기는 학습률이 정합니다.",
            },
        },
        {
            "title": {"en": "The lesson's 1000 epochs and its log",
                      "ko": "강의의 1000 에폭과 로그"},
            "text": {
                "en": "Press Run to end: 1000 epochs of SGD at lr = 0.01, as the lesson trains. "
                      "Open the Log: every 100 epochs it prints the lesson's line, down to "
                      "Epoch 1000/1000 W: 1.971, b: 0.066 Cost: 0.000633.",
                "ko": "'끝까지'를 누르세요: 강의처럼 학습률 0.01로 SGD 1000 에폭입니다. 로그를 "
                      "열면 100 에폭마다 강의와 같은 줄이 나오고, 마지막 줄은 "
                      "Epoch 1000/1000 W: 1.971, b: 0.066 Cost: 0.000633 입니다.",
            },
            "setup": _LESSON_RUN,
            "notice": {
                "en": "The cost falls fast at first, then slowly: near the floor the gradient "
                      "is small, and so is each step.",
                "ko": "비용은 처음에 빠르게, 나중에는 천천히 줄어듭니다: 바닥 근처에서는 "
                      "기울기가 작아 스텝도 작습니다.",
            },
        },
        {
            "title": {"en": "A larger learning rate", "ko": "더 큰 학습률"},
            "text": {
                "en": "The same run at lr = 0.05, five times the lesson's rate. Run it to the "
                      "end and compare the cost with the lesson's 0.000633.",
                "ko": "같은 학습을 학습률 0.05, 강의의 다섯 배로 합니다. 끝까지 돌리고 비용을 "
                      "강의의 0.000633 과 비교해 보세요.",
            },
            "setup": {"lr": "0.05", "lock": "data,lr,optimizer,batch_size"},
            "notice": {
                "en": "At lr = 0.05 the cost is below 0.001 by epoch 181 (the lesson needs "
                      "905): larger steps, fewer of them.",
                "ko": "학습률 0.05에서는 181 에폭에 비용이 0.001 아래로 내려갑니다 (강의는 905 "
                      "에폭): 스텝이 크면 적은 스텝으로 충분합니다.",
            },
        },
        {
            "title": {"en": "The edge of stability", "ko": "안정의 경계"},
            "text": {
                "en": "How large can the rate be? Try rates in the sidebar, run each to the "
                      "end, and find the largest one with which plain SGD still converges. The "
                      "mission in the sidebar says when you are within 5% of the edge.",
                "ko": "학습률은 얼마나 커질 수 있을까요? 사이드바에서 여러 학습률을 끝까지 "
                      "돌려 보고, 기본 SGD가 아직 수렴하는 가장 큰 학습률을 찾으세요. 경계의 "
                      "5% 안에 들면 사이드바의 미션이 알려 줍니다.",
            },
            "mission": "edge",
            "notice": {
                "en": "The edge is 2/λmax = 0.1803 for this data: λmax is the cost's largest "
                      "curvature. Beyond it each step overshoots by more than it corrects.",
                "ko": "이 데이터의 경계는 2/λmax = 0.1803 입니다: λmax는 비용의 가장 큰 "
                      "곡률입니다. 그 너머에서는 스텝마다 바로잡는 것보다 더 멀리 넘어갑니다.",
            },
        },
        {
            "title": {"en": "Divergence", "ko": "발산"},
            "text": {
                "en": "Now lr = 0.19, just past the edge. What will this rate do? Choose in "
                      "Predict, then see, under the readouts; the run then plays.",
                "ko": "이번에는 경계를 막 넘은 학습률 0.19 입니다. 이 학습률은 어떻게 될까요? "
                      "수치 아래의 '예측하고 확인하기'에서 고르면 학습이 재생됩니다.",
            },
            "setup": {"lr": "0.19", "lock": "data,lr,w0,b0,optimizer,batch_size"},
            "question": {"kind": "rate_zone"},
            "notice": {
                "en": "It diverges at epoch 91: each step lands further from the floor than "
                      "the last, until the cost overflows.",
                "ko": "91 에폭에 발산합니다: 스텝마다 바닥에서 더 멀어지다가 비용이 "
                      "넘쳐 버립니다.",
            },
        },
        {
            "title": {"en": "Momentum", "ko": "모멘텀"},
            "text": {
                "en": "Back to lr = 0.01. Plain SGD crawls along the valley's flat floor. "
                      "Choose SGD with momentum in the sidebar and run to the end: can it reach "
                      "a cost of 1e-6 in fewer epochs?",
                "ko": "다시 학습률 0.01 입니다. 기본 SGD는 골짜기의 평평한 바닥을 따라 "
                      "느리게 기어갑니다. 사이드바에서 모멘텀 SGD를 고르고 끝까지 돌려 보세요: "
                      "더 적은 에폭에 비용 1e-6 에 닿을까요?",
            },
            "mission": "momentum",
            "notice": {
                "en": "Momentum reaches 1e-6 by epoch 175, plain SGD by epoch 2341: the "
                      "running sum of gradients builds up speed along the flat direction.",
                "ko": "모멘텀은 175 에폭에, 기본 SGD는 2341 에폭에 1e-6 에 닿습니다: 누적된 "
                      "기울기가 평평한 방향으로 속도를 붙입니다.",
            },
        },
        {
            "title": {"en": "The nn.Module form", "ko": "nn.Module 형태"},
            "text": {
                "en": "The lesson ends with the same model written as an nn.Module with "
                      "nn.Linear. Open the Code tab, choose that form, download the script and "
                      "run it; type its log line for epoch 500 in the sidebar.",
                "ko": "강의는 같은 모델을 nn.Linear 를 쓴 nn.Module 로 다시 씁니다. 코드 탭에서 "
                      "그 형태를 골라 스크립트를 내려받아 실행하고, 500 에폭의 로그 줄을 "
                      "사이드바에 적으세요.",
            },
            "mission": "lesson_500",
            "notice": {
                "en": "Epoch  500/1000 W: 1.903, b: 0.221 Cost: 0.007024, as the tensor form "
                      "prints it: nn.Linear holds the same W and b.",
                "ko": "Epoch  500/1000 W: 1.903, b: 0.221 Cost: 0.007024, 텐서 형태와 같은 "
                      "줄입니다: nn.Linear 도 같은 W와 b를 가집니다.",
            },
        },
    ],
}
