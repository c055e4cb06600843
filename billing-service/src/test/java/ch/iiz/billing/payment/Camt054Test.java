package ch.iiz.billing.payment;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class Camt054Test {

    /** A camt.054 with one entry of three credits (each a TxDtls) and one debit entry. */
    public static String file(String... txs) {
        StringBuilder details = new StringBuilder();
        for (String tx : txs) {
            details.append(tx);
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08">
                  <BkToCstmrDbtCdtNtfctn>
                    <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-04-20T10:00:00</CreDtTm></GrpHdr>
                    <Ntfctn>
                      <Id>N-1</Id>
                      <Ntry>
                        <Amt Ccy="CHF">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>2026-04-20</Dt></BookgDt><AcctSvcrRef>ENTRY-1</AcctSvcrRef>
                        <NtryDtls>%s</NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="CHF">99.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-04-20</Dt></BookgDt>
                      </Ntry>
                    </Ntfctn>
                  </BkToCstmrDbtCdtNtfctn>
                </Document>
                """.formatted(details);
    }

    public static String tx(String bankRef, String amount, String reference, String debtor) {
        return """
                <TxDtls>
                  <Refs><AcctSvcrRef>%s</AcctSvcrRef></Refs>
                  <Amt Ccy="CHF">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                  <RltdPties><Dbtr><Pty><Nm>%s</Nm></Pty></Dbtr></RltdPties>
                  <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>%s</Ref></CdtrRefInf></Strd></RmtInf>
                </TxDtls>
                """.formatted(bankRef, amount, debtor, reference);
    }

    @Test
    void each_credit_transaction_is_read_with_its_reference_amount_and_bank_key_and_debits_are_skipped() {
        List<Camt054.Credit> credits = Camt054.credits(file(tx("TX-1", "1590.55", "000000000000000000000000001", "Gemeinde"),
                tx("TX-2", "100.00", "RF18539007547034", "Gemeinde")).getBytes(StandardCharsets.UTF_8));
        assertThat(credits).extracting(Camt054.Credit::key).containsExactly("ASR:TX-1", "ASR:TX-2");
        assertThat(credits.get(0).amount()).isEqualByComparingTo(new BigDecimal("1590.55"));
        assertThat(credits.get(0).reference()).isEqualTo("000000000000000000000000001");
        assertThat(credits.get(0).bookedOn()).isEqualTo(LocalDate.of(2026, 4, 20));
        assertThat(credits.get(0).debtorName()).isEqualTo("Gemeinde");
        assertThat(credits.get(1).currency()).isEqualTo("CHF");
    }

    @Test
    void a_credit_without_a_bank_reference_gets_the_same_key_each_time_it_is_read() {
        String xml = file("<TxDtls><Amt Ccy=\"CHF\">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls>");
        assertThat(Camt054.credits(xml.getBytes(StandardCharsets.UTF_8)).get(0).key())
                .startsWith("H:").isEqualTo(Camt054.credits(xml.getBytes(StandardCharsets.UTF_8)).get(0).key());
    }

    @Test
    void external_entities_dtds_malformed_xml_and_other_documents_are_refused_by_rule() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document>&x;</Document>";
        assertThatThrownBy(() -> Camt054.credits(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Camt054.Refused.class).extracting("rule").isEqualTo("xml-no-doctype");
        assertThatThrownBy(() -> Camt054.credits("<Document><unclosed>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Camt054.Refused.class).extracting("rule").isEqualTo("xml-well-formed");
        assertThatThrownBy(() -> Camt054.credits("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/>"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Camt054.Refused.class).extracting("rule").isEqualTo("camt054-document");
        assertThatThrownBy(() -> Camt054.credits(file(tx("T", "12.345", "x", "y")).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(Camt054.Refused.class).extracting("rule").isEqualTo("camt054-amount");
    }
}
