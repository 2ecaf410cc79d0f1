package org.raven.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.raven.api.data.DatasetSpec;
import org.raven.testkit.PluginContracts;

/** Pins the JSON form of every spec key and default. */
class SpecJsonTest {

    private final ObjectMapper mapper = PluginContracts.mapperFor(getClass().getClassLoader());

    private String write(DatasetSpec spec) throws Exception {
        return mapper.writerFor(DatasetSpec.class).writeValueAsString(spec);
    }

    private DatasetSpec read(String json) throws Exception {
        return mapper.readValue(json, DatasetSpec.class);
    }

    @Test
    void defaultsInJson() throws Exception {
        assertThat(write(FashionMnistSpec.defaults())).isEqualTo("{\"type\":\"fashion-mnist\",\"seed\":0,\"verify\":true,\"download\":true}");
        assertThat(write(MnistSpec.defaults())).isEqualTo("{\"type\":\"mnist\",\"seed\":0,\"verify\":true,\"download\":true}");
        assertThat(write(SyntheticSpec.defaults())).isEqualTo(
                "{\"type\":\"synthetic\",\"trainSize\":2000,\"testSize\":500,\"classes\":10,\"imageSize\":28,\"noise\":0.1,\"seed\":0}");
    }

    @Test
    void everyKeyRoundTrips() throws Exception {
        String json = "{\"type\":\"mnist\",\"path\":\"/data/mnist\",\"trainLimit\":1000,\"testLimit\":200,\"seed\":7,"
                + "\"verify\":false,\"download\":false}";
        DatasetSpec spec = read(json);
        assertThat(spec).isEqualTo(new MnistSpec("/data/mnist", 1000, 200, 7L, false, false));
        assertThat(write(spec)).isEqualTo(json);
        assertThat(read("{\"type\":\"fashion-mnist\",\"trainLimit\":5}")).isEqualTo(new FashionMnistSpec(null, 5, null, 0L, true, true));
        assertThat(read("{\"type\":\"synthetic\",\"classes\":3,\"noise\":0}")).isEqualTo(new SyntheticSpec(2000, 500, 3, 28, 0.0, 0L));
    }

    @Test
    void unknownKeysAreRejected() {
        assertThatThrownBy(() -> read("{\"type\":\"fashion-mnist\",\"limit\":5}")).hasMessageContaining("limit");
    }
}
