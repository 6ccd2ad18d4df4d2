"""Tổng đài 1022: the province's hotline for feedback (phản ánh, kiến nghị): its model, writes and reads.

The pages stay in :mod:`portal` (``portal/hotline_views.py``); who may answer an item is decided by
:mod:`services.access`.
"""
