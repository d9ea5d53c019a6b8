package dev.ballast.api.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque paging token of every API listing: the offset of the next page, base64url-encoded, so that clients
 * treat it as a token and a stale or forged one is recognised.
 *
 * <p>Thread-safe (stateless).
 */
public final class OffsetToken {
    private static final String PREFIX = "offset:";

    private OffsetToken() {}

    /** The token for the page starting at {@code offset}. */
    public static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset {@code token} names, or -1 when it is not a token for a listing of {@code size} items. */
    public static int decode(String token, int size) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                int offset = Integer.parseInt(text.substring(PREFIX.length()));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64, or no number: not a token of ours
        }
        return -1;
    }
}
