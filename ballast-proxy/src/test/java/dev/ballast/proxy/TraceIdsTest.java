package dev.ballast.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.core.model.Action;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Trace id and redirect Location formats, with a fixed clock and a seeded random. */
class TraceIdsTest {
    private final TraceIds traceIds = new TraceIds(Clock.fixed(Instant.ofEpochSecond(0x67891233L), ZoneOffset.UTC),
            new SplittableRandom(7));

    @Test
    void newRootCarriesEpochSecondsAndTwentyFourHexDigits() {
        assertThat(traceIds.forward(null)).matches("Root=1-67891233-[0-9a-f]{24}");
    }

    @Test
    void existingRootIsKeptAndSelfReplaced() {
        assertThat(traceIds.forward("Self=1-00000000-000000000000000000000000;Root=1-5759e988-bd862e3fe1be46a994272793;"
                + "CalledFrom=app")).matches("Self=1-67891233-[0-9a-f]{24};Root=1-5759e988-bd862e3fe1be46a994272793;"
                + "CalledFrom=app");
    }

    @Test
    void headerWithoutRootGetsOne() {
        assertThat(traceIds.forward("CalledFrom=app")).matches("Root=1-67891233-[0-9a-f]{24};CalledFrom=app");
    }

    @Test
    void redirectPlaceholdersFollowAws() {
        var redirect = new Action.Redirect(null, null, "#{host}", "/new/#{path}", "#{query}&from=old",
                Action.RedirectStatus.HTTP_302);
        assertThat(RedirectLocation.build(redirect, "http", "shop.example", 8080, "/cart", "id=3"))
                .isEqualTo("http://shop.example:8080/new/cart?id=3&from=old");
    }
}
