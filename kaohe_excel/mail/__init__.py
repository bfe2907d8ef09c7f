"""Sending result workbooks and year letters by mail (`kaohe mail`).

One message object (message.py) built once per recipient from a plan (plan.py) and templates
(templates.py); backends deliver it as Django's do (backends.py: smtp, and file for
--dry-run); the send log (sendlog.py) sits beside the backends and decides what is still to send;
run.py drives a run and reports it.
"""
