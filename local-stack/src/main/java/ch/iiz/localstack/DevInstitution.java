package ch.iiz.localstack;

import java.util.List;

/**
 * Sample institutions of the local run and the tests, with the roles their development tokens carry.
 *
 * @param municipality set for social services
 */
public record DevInstitution(String id, String type, String canton, String municipality, List<String> roles,
                             String description) {

    public static final DevInstitution RAV_AARAU = new DevInstitution("RAV-AG-AARAU", "RAV", "AG", null,
            List.of("caseworker"), "RAV Aarau (Aargau job centre)");
    public static final DevInstitution IV_AARGAU = new DevInstitution("IV-AG-SVA", "IV", "AG", null,
            List.of("caseworker"), "SVA Aargau, IV office");
    public static final DevInstitution SD_MENZIKEN = new DevInstitution("SD-AG-MENZIKEN", "SOCIAL_SERVICES", "AG",
            "Menziken", List.of("caseworker", "municipality"), "Social services of Menziken (AG)");
    public static final DevInstitution SD_REINACH = new DevInstitution("SD-AG-REINACH", "SOCIAL_SERVICES", "AG",
            "Reinach", List.of("caseworker", "municipality"), "Social services of Reinach (AG)");
    public static final DevInstitution RAV_SURSEE = new DevInstitution("RAV-LU-SURSEE", "RAV", "LU", null,
            List.of("caseworker"), "RAV Sursee (Luzern job centre)");
    public static final DevInstitution IV_LUZERN = new DevInstitution("IV-LU-WAS", "IV", "LU", null,
            List.of("caseworker"), "WAS IV Luzern");
    public static final DevInstitution SD_SURSEE = new DevInstitution("SD-LU-SURSEE", "SOCIAL_SERVICES", "LU",
            "Sursee", List.of("caseworker", "municipality"), "Social services of Sursee (LU)");
    /** Hessen cooperation (seed 004), region "HE": joint measure planning and shared vacancies. */
    public static final DevInstitution JC_KASSEL = new DevInstitution("JC-HE-KASSEL", "JOBCENTER", "HE", null,
            List.of("caseworker"), "Jobcenter Kassel (SGB II)");
    public static final DevInstitution AA_KASSEL = new DevInstitution("AA-HE-KASSEL", "EMPLOYMENT_AGENCY", "HE", null,
            List.of("caseworker"), "Agentur fuer Arbeit Kassel (SGB III)");
    public static final DevInstitution SA_KASSEL = new DevInstitution("SA-HE-KASSEL", "SOCIAL_SERVICES", "HE",
            "Kassel", List.of("caseworker", "municipality"), "Sozialamt Kassel");
    public static final DevInstitution AUDITOR = new DevInstitution("AUDIT-IIZ", "AUDIT", "CH", null,
            List.of("auditor"), "Auditor (reads everything, writes nothing)");
    public static final DevInstitution OPS = new DevInstitution("OPS-IIZ", "OPERATIONS", "CH", null,
            List.of("ops"), "Operations (topics, lag, dead letters)");
    public static final DevInstitution ADMIN = new DevInstitution("ADMIN-IIZ", "OPERATIONS", "CH", null,
            List.of("admin"), "Registry administration (registers institutions, nothing else)");

    public static List<DevInstitution> all() {
        return List.of(RAV_AARAU, IV_AARGAU, SD_MENZIKEN, SD_REINACH, RAV_SURSEE, IV_LUZERN, SD_SURSEE, AUDITOR, OPS,
                ADMIN, JC_KASSEL, AA_KASSEL, SA_KASSEL);
    }
}
