"""Fixing a key after the fact: regrading past answers on a question's newer version, with the
original grading kept and an audit entry for every regrade applied."""
