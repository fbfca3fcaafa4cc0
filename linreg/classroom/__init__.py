"""The live class: a teacher's board and the students' pages, through a shared store.

Streamlit sessions cannot reach one another (its issues #2838 and #7312), and a class behind
nginx spans several worker processes. So a class lives in a store every worker reaches: an
embedded SQLite file by default (WAL; one machine, several workers, survives a restart), or
Redis for workers on several machines (LINREG_STORE=redis://host:port/db). Every change
bumps the class's version number; a page waits for that one number to move (a long poll
answered by signals.py) and reads the rest only when it did.

room.py holds the rules (who may change what, what a student may see, the checks on every
message); store.py the two back ends, which pass the same tests; signals.py the waits.
"""
