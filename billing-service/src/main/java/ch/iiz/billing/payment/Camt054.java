package ch.iiz.billing.payment;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the credits of an ISO 20022 camt.054 (bank-to-customer debit/credit notification, any version): each credit
 * transaction (Ntry/NtryDtls/TxDtls) with its amount, structured creditor reference (RmtInf/Strd/CdtrRefInf/Ref),
 * booking date and debtor name. Parsed without DTDs, external entities or XInclude; anything else is refused with the
 * rule it broke. Each credit gets a stable key: the bank's reference of the transaction, or a hash of what identifies it
 * in the file, so importing the same file twice records nothing twice.
 */
public final class Camt054 {

    /** One credit to the creditor's account. */
    public record Credit(String key, String reference, BigDecimal amount, String currency, LocalDate bookedOn,
                         String debtorName) {
    }

    /** A file that is not a readable camt.054: {@code rule} names what failed. */
    public static final class Refused extends RuntimeException {
        private final String rule;

        Refused(String rule, String message) {
            super(message);
            this.rule = rule;
        }

        public String rule() {
            return rule;
        }
    }

    private Camt054() {
    }

    public static List<Credit> credits(byte[] xml) {
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        Element notification = root == null ? null : child(root, "BkToCstmrDbtCdtNtfctn");
        if (root == null || !"Document".equals(root.getLocalName()) || notification == null
                || root.getNamespaceURI() == null || !root.getNamespaceURI().contains("camt.054")) {
            throw new Refused("camt054-document", "the body is not a camt.054 Document (BkToCstmrDbtCdtNtfctn)");
        }
        String messageId = text(child(child(notification, "GrpHdr"), "MsgId"));
        List<Credit> credits = new ArrayList<>();
        int ntryNo = 0;
        for (Element ntfctn : children(notification, "Ntfctn")) {
            for (Element ntry : children(ntfctn, "Ntry")) {
                ntryNo++;
                if (!"CRDT".equals(text(child(ntry, "CdtDbtInd")))) {
                    continue;
                }
                if (text(child(ntry, "RvslInd")) != null && "true".equals(text(child(ntry, "RvslInd")))) {
                    continue;
                }
                Element entryAmount = child(ntry, "Amt");
                LocalDate booked = date(child(ntry, "BookgDt"));
                String entryRef = text(child(ntry, "AcctSvcrRef"));
                List<Element> txs = new ArrayList<>();
                for (Element details : children(ntry, "NtryDtls")) {
                    txs.addAll(children(details, "TxDtls"));
                }
                if (txs.isEmpty()) {
                    credits.add(credit(messageId, entryRef, ntryNo, 0, entryAmount, null, booked, null));
                    continue;
                }
                int txNo = 0;
                for (Element tx : txs) {
                    txNo++;
                    String indicator = text(child(tx, "CdtDbtInd"));
                    if (indicator != null && !"CRDT".equals(indicator)) {
                        continue;
                    }
                    Element amount = child(tx, "Amt");
                    if (amount == null) {
                        amount = txs.size() == 1 ? entryAmount : child(child(child(tx, "AmtDtls"), "TxAmt"), "Amt");
                    }
                    String txRef = text(child(child(tx, "Refs"), "AcctSvcrRef"));
                    Element strd = child(child(tx, "RmtInf"), "Strd");
                    String reference = text(child(child(strd, "CdtrRefInf"), "Ref"));
                    Element debtor = child(child(tx, "RltdPties"), "Dbtr");
                    String name = text(child(debtor, "Nm"));
                    if (name == null) {
                        name = text(child(child(debtor, "Pty"), "Nm"));
                    }
                    credits.add(credit(messageId, txRef != null ? txRef : entryRef, ntryNo, txRef != null ? -1 : txNo,
                            amount, reference, booked, name));
                }
            }
        }
        return credits;
    }

    private static Credit credit(String messageId, String bankRef, int ntryNo, int txNo, Element amount,
                                 String reference, LocalDate booked, String debtorName) {
        if (amount == null) {
            throw new Refused("camt054-amount", "credit " + ntryNo + " has no amount");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(amount.getTextContent().trim());
        } catch (NumberFormatException e) {
            throw new Refused("camt054-amount", "credit " + ntryNo + " has no readable amount");
        }
        if (value.signum() <= 0 || value.scale() > 2 || value.precision() > 14) {
            throw new Refused("camt054-amount", "credit " + ntryNo + " has an amount that is not a positive sum in "
                    + "francs and Rappen");
        }
        String currency = amount.getAttribute("Ccy");
        String key;
        if (bankRef != null && txNo < 0) {
            key = "ASR:" + bankRef;
        } else {
            key = "H:" + sha256(messageId + "|" + bankRef + "|" + ntryNo + "|" + txNo + "|" + value.toPlainString() + "|"
                    + currency + "|" + reference + "|" + booked);
        }
        return new Credit(truncate(key, 100), truncate(reference, 40), value, currency.isEmpty() ? "CHF" : currency,
                booked, truncate(debtorName, 140));
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            return b.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new Refused("xml-no-doctype", "DTDs and entity declarations are not accepted");
            }
            throw new Refused("xml-well-formed", "the body is not well-formed XML");
        } catch (ParserConfigurationException | IOException e) {
            throw new Refused("xml-well-formed", "the body could not be read as XML");
        }
    }

    private static LocalDate date(Element e) {
        if (e == null) {
            return null;
        }
        String d = text(child(e, "Dt"));
        if (d == null) {
            d = text(child(e, "DtTm"));
            d = d == null || d.length() < 10 ? null : d.substring(0, 10);
        }
        try {
            return d == null ? null : LocalDate.parse(d.length() > 10 ? d.substring(0, 10) : d);
        } catch (DateTimeParseException ex) {
            throw new Refused("camt054-date", "booking date " + d + " is not a date");
        }
    }

    private static Element child(Element parent, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    private static String text(Element e) {
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }

    private static String truncate(String s, int max) {
        if (s == null) {
            return null;
        }
        String clean = s.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > max ? clean.substring(0, max) : clean;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
