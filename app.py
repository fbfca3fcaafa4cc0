"""linreg: the page. (A placeholder until the dashboard lands.)"""

import streamlit as st
import torch

torch.set_num_threads(1)

st.set_page_config(page_title="linreg · linear regression by gradient descent", layout="wide")
st.title("linreg")
st.write("Linear regression trained by gradient descent. The dashboard is on its way.")
