package io.entitynotifier.connect.oracle.logminer;

/** Oracle's {@code UNISTR('...')} text: {@code \XXXX} is a UTF-16 code unit in hex, {@code \\} a backslash. */
final class Unistr {

    private Unistr() {}

    static String decode(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                sb.append(c);
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                sb.append('\\');
                i++;
            } else if (isHex(text, i + 1)) {
                sb.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                throw new RedoParseException("UNISTR escape at " + i + " is not \\XXXX: " + text);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(String s, int from) {
        if (from + 4 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 4; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
