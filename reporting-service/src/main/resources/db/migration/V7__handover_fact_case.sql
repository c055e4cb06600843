-- The KPI fold reads a batch's handover facts by case (kpi.KpiFacts); rebuild copies take the index along.
create index handover_fact_case on handover_fact (case_id);
