package ch.iiz.service.validation;

/** Character rules shared by the JSON reader and the validators. */
public final class Texts {

    private Texts() {
    }

    /** True when the text has no control characters (C0, DEL, C1); line breaks and tabs only where allowed. */
    public static boolean noControlCharacters(CharSequence text, boolean allowLineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)) {
                if (!(allowLineBreaks && (ch == '\n' || ch == '\r' || ch == '\t'))) {
                    return false;
                }
            }
        }
        return true;
    }
}
