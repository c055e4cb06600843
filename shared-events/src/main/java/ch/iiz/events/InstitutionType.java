package ch.iiz.events;

/** Kinds of institution taking part in a case (see the table in DOMAIN.md). */
public enum InstitutionType {
    /** Regionales Arbeitsvermittlungszentrum: unemployment insurance (ALV) and placement. */
    RAV,
    /** Invalidenversicherung (SVA Aargau, WAS IV Luzern): disability insurance. */
    IV,
    /** A municipality's social services: social assistance (Sozialhilfe). */
    SOCIAL_SERVICES,
    /** Hessen: Jobcenter (SGB II). */
    JOBCENTER,
    /** Hessen: Agentur für Arbeit (SGB III). */
    EMPLOYMENT_AGENCY,
    /** Hessen: Jugendberufshilfe. */
    YOUTH_SERVICES,
    /** Hessen: Ausländerbehörde. */
    IMMIGRATION_OFFICE,
    /** Hessen: a refugee labour-market office (Arbeitsmarktbüro für Flüchtlinge) that routes people. */
    REFUGEE_LABOUR_OFFICE,
    /** Not a case participant: reads everything, writes nothing. */
    AUDIT,
    /** Not a case participant: operates the platform. */
    OPERATIONS
}
