"""The smallest Streamlit page with one plot: what the page's first paint is compared with."""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[2, 4, 6])))
