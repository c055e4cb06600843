package ch.iiz.reporting.console;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The console's labels: German here, English in {@code messages/msg_en.properties}. */
@MessageBundle(value = "msg", locale = "de")
public interface ConsoleMessages {

    @Message("de")
    String lang();

    @Message("IIZ Casework – Konsole")
    String title();

    @Message("Zum Inhalt springen")
    String skip();

    @Message("Übersicht")
    String nav_home();

    @Message("Fälle")
    String nav_cases();

    @Message("Betrieb")
    String nav_ops();

    @Message("Abmelden")
    String sign_out();

    @Message("Angemeldet als")
    String signed_in_as();

    @Message("Sprache")
    String language();

    @Message("Zeiten in Europe/Zurich.")
    String times_note();

    @Message("Anmelden")
    String sign_in();

    @Message("Bearer-Token")
    String token_label();

    @Message("Fügen Sie ein Token ein, zum Beispiel ein Entwicklungs-Token, das ./run-local.sh ausgibt (.local-data/tokens.env). Es wird nur in einem HttpOnly-Cookie dieser Konsole gespeichert.")
    String token_hint();

    @Message("Das Token ist ungültig oder abgelaufen.")
    String token_invalid();

    @Message("Die Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.")
    String session_expired();

    @Message("Wählen Sie einen Bereich.")
    String home_intro();

    @Message("Revision: Fälle suchen, Verlauf über alle Dienste, Stand zu jedem Zeitpunkt, Verrechnungen.")
    String home_auditor();

    @Message("Betrieb: Topics, Verzögerung der Konsumenten, Dead Letters, Neuaufbau der Projektionen.")
    String home_ops();

    @Message("Ihre Rolle hat keinen Bereich in dieser Konsole.")
    String home_none();

    @Message("Fall-ID, Klient-Pseudonym oder Gemeinde (Anfang genügt)")
    String search_label();

    @Message("Suchen")
    String search();

    @Message("Gefundene Fälle")
    String hits();

    @Message("Fall")
    String col_case();

    @Message("Klient (Pseudonym)")
    String col_client();

    @Message("Gemeinde")
    String col_municipality();

    @Message("Kanton")
    String col_canton();

    @Message("Programm")
    String col_program();

    @Message("Status")
    String col_status();

    @Message("Fallführung")
    String col_lead();

    @Message("Keine Fälle gefunden.")
    String no_hits();

    @Message("Fall")
    String case_title();

    @Message("Stand des Falls")
    String asof_heading();

    @Message("Geschäftstag")
    String slider_label();

    @Message("Der Schieber wählt den Geschäftstag: berücksichtigt sind die heute bekannten Ereignisse mit Geschäftsdatum bis zu diesem Tag, nach Geschäftsdatum geordnet.")
    String slider_note();

    @Message("Wie bekannt am (Aufzeichnungszeitpunkt)")
    String known_at_label();

    @Message("Anzeigen")
    String show();

    @Message("Stand, wie am {at} aufgezeichnet")
    String state_known_at(String at);

    @Message("Geschäftstag {day}")
    String state_day(java.time.LocalDate day);

    @Message("{applied} von {total} Ereignissen berücksichtigt")
    String events_applied(int applied, int total);

    @Message("Fallführung")
    String lead();

    @Message("Status")
    String status();

    @Message("AMIplus-Phase")
    String phase();

    @Message("Beteiligte")
    String participants();

    @Message("Einwilligungen in Kraft")
    String consents();

    @Message("Auftrag")
    String mandate();

    @Message("Offene Übergaben")
    String open_handovers();

    @Message("Verrechnet (CHF)")
    String charged();

    @Message("keine")
    String none();

    @Message("Der Fall war zu diesem Zeitpunkt noch nicht eröffnet.")
    String not_yet();

    @Message("Fallführung über die Zeit")
    String lead_periods();

    @Message("{inst}: {from} bis {to}, {basis}")
    String lead_period(String inst, java.time.LocalDate from, java.time.LocalDate to, String basis);

    @Message("{inst}: am {from} noch am selben Tag abgelöst, {basis}")
    String lead_period_same_day(String inst, java.time.LocalDate from, String basis);

    @Message("Verlauf über alle Dienste")
    String timeline();

    @Message("Aufgezeichnet")
    String col_recorded();

    @Message("Geschäftsdatum")
    String col_business();

    @Message("Ereignis")
    String col_event();

    @Message("Akteur")
    String col_actor();

    @Message("Dienst")
    String col_service();

    @Message("Quelle (Topic/Partition@Offset)")
    String col_source();

    @Message("Verlauf als CSV herunterladen")
    String export_csv();

    @Message("Verrechnungen")
    String charges();

    @Message("Verrechnung")
    String col_charge();

    @Message("Art")
    String col_kind();

    @Message("Gläubiger")
    String col_creditor();

    @Message("Schuldner")
    String col_debtor();

    @Message("Betrag CHF")
    String col_amount();

    @Message("Monat")
    String col_month();

    @Message("Aufgezeichnet als")
    String col_recorded_as();

    @Message("Verursacht durch")
    String col_caused_by();

    @Message("Total")
    String total();

    @Message("Keine Verrechnungen.")
    String no_charges();

    @Message("Betrieb")
    String ops_title();

    @Message("Jetzt neu messen")
    String refresh();

    @Message("Gemessen")
    String sampled_at();

    @Message("Wird geladen …")
    String loading();

    @Message("Topics")
    String topics();

    @Message("Topic")
    String col_topic();

    @Message("Partitionen")
    String col_partitions();

    @Message("End-Offsets (Partition:Offset)")
    String col_end_offsets();

    @Message("Datensätze")
    String col_records();

    @Message("Rate pro Sekunde")
    String col_rate();

    @Message("Konsumentengruppen")
    String groups();

    @Message("Gruppe")
    String col_group();

    @Message("Verzögerung (Lag)")
    String col_lag();

    @Message("Partitionen mit Verzögerung")
    String col_lag_detail();

    @Message("Dead Letters")
    String dead_letters();

    @Message("Anzahl")
    String col_count();

    @Message("Neueste Dead Letters in {topic}")
    String latest_letters(String topic);

    @Message("Zeit")
    String col_time();

    @Message("Schlüssel")
    String col_key();

    @Message("Grund")
    String col_reason();

    @Message("Aktion")
    String col_action();

    @Message("Erneut einspielen")
    String redrive();

    @Message("Dead Letter {offset} erneut in sein Quell-Topic einspielen")
    String redrive_label(long offset);

    @Message("Erneut eingespielt")
    String redriven();

    @Message("Bereits erneut eingespielt")
    String redriven_before();

    @Message("Projektionen neu aufbauen")
    String rebuild_heading();

    @Message("Neuaufbau starten")
    String rebuild_start();

    @Message("Fortschritt des Neuaufbaus")
    String rebuild_progress();

    @Message("{done} von {total} Ereignissen")
    String rebuild_events(long done, long total);

    @Message("Seit dem Start des Dienstes kein Neuaufbau.")
    String rebuild_idle();

    @Message("Läuft")
    String rebuild_running();

    @Message("Fertig")
    String rebuild_done();

    @Message("Fehlgeschlagen")
    String rebuild_failed();

    @Message("noch etwa {seconds} s")
    String rebuild_left(Long seconds);

    @Message("abgeschlossen")
    String rebuild_finished();

    @Message("ausgelassen, weil live abgewiesen (Dead Letters): {count}")
    String rebuild_left_out(long count);

    @Message("Das geht nicht")
    String error_title();

    @Message("Zur Übersicht")
    String back();

}
