package dev.ballast.control.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonRecordsTest {
    /** A stored shape. */
    public record Item(String name, int count) {}

    @Test
    void aRecordRoundTripsAndUnknownFieldsAreIgnored() {
        JsonRecords json = new JsonRecords("ECS");
        String encoded = json.encode(new Item("a", 2));
        assertThat(json.read(new StoreRecord("ecs/items/a", encoded, 1), Item.class)).isEqualTo(new Item("a", 2));
        assertThat(json.read(new StoreRecord("ecs/items/a", "{\"name\":\"a\",\"count\":2,\"later\":true}", 1),
                Item.class)).isEqualTo(new Item("a", 2));
    }

    @Test
    void aRecordThatIsNotOneNamesItsKeyAndKind() {
        assertThatThrownBy(() -> new JsonRecords("Route 53").read(new StoreRecord("route53/zones/Z1", "{not json", 1),
                Item.class))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("record route53/zones/Z1 is not a Route 53 Item: ");
        assertThatThrownBy(() -> new JsonRecords("ECS").read(new StoreRecord("ecs/x", "[]", 1), Item.class))
                .hasMessageStartingWith("record ecs/x is not an ECS Item: ");
    }
}
