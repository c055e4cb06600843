package ch.iiz.events;

/** The cooperation model whose rules govern a case's lead; configuration, not a code fork. */
public enum CooperationModel {
    /** Aargau, Kooperation Arbeitsmarkt (with the AMIplus offer). */
    AARGAU,
    /** Luzern pilot / OPTIMA: lead handed to the institution with the better competences. */
    LUZERN_OPTIMA,
    /** Hessen cooperation agreements: routing offices and youth employment agencies. */
    HESSEN
}
