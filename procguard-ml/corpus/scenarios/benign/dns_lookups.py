#!/usr/bin/python3
# family: network-client
# timeout: 60
"""DNS lookups that a demanding rule must not take for tunnelling: a mail scanner's and an antivirus' hash lookups (MD5 and
SHA-1 hex under malware.hash.cymru.com, a SHA-256 in base32 under Spamhaus' hash list, SHA-256 hex under a reputation
service nobody listed), DNS blocklists (reversed IPv4, IPv6 nibbles), DKIM and SRV names, load balancers' and CDNs' long
hyphenated names, and everyday names, asked of a loopback "name server" (a thread on 127.x.y.z:53 answering NXDOMAIN)
through sendto, or send/sendmsg on a connected socket, as resolvers do; some asked again for AAAA, some retried."""
import base64, hashlib, os, random, socket, struct, threading

rng = random.Random(int(os.environ["PG_SEED"]))
server = "127.%d.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250), rng.randint(2, 250))
ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ns.bind((server, 53))


def answer():
    while True:
        try:
            q, peer = ns.recvfrom(512)
        except OSError:
            return
        ns.sendto(q[:2] + b"\x81\x83" + q[4:6] + b"\0\0\0\0\0\0" + q[12:], peer)


threading.Thread(target=answer, daemon=True).start()
how = rng.choice(["sendto", "send", "sendmsg"])
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(0.5)
if how != "sendto":
    client.connect((server, 53))


def ask(name, qtype=1):
    q = struct.pack(">HHHHHH", rng.randint(0, 0xFFFF), 0x100, 1, 0, 0, 0)
    for part in name.split("."):
        q += bytes([len(part)]) + part.encode()
    q += b"\0" + struct.pack(">HH", qtype, 1)
    for _ in range(2 if rng.random() < 0.2 else 1):  # a retry after a timeout
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


def attachment():
    return bytes(rng.getrandbits(8) for _ in range(rng.randint(100, 2000)))


names = []
for _ in range(rng.randint(3, 10)):  # a mail scanner: each attachment's hash asked of the hash services
    blob = attachment()
    names.append(hashlib.md5(blob).hexdigest() + ".malware.hash.cymru.com")
    names.append(hashlib.sha1(blob).hexdigest() + ".malware.hash.cymru.com")
    names.append(base64.b32encode(hashlib.sha256(blob).digest()).decode().rstrip("=").lower()
                 + "._file.%s.hbl.dq.spamhaus.net" % "".join(rng.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(26)))
    names.append(hashlib.sha256(blob).hexdigest() + ".reputation.example-av.net")
for _ in range(rng.randint(2, 6)):  # blocklists: the sending host's address reversed
    names.append("%d.%d.%d.%d.zen.spamhaus.org" % tuple(rng.randint(1, 254) for _ in range(4)))
    nibbles = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    names.append(".".join(reversed(nibbles)) + ".dnsbl.example.org")
for _ in range(rng.randint(2, 5)):  # DKIM keys, SRV records
    names.append("%s._domainkey.%s.example.com" % (rng.choice(["google", "selector1", "s2048", "mail2024"]), rng.choice(["corp", "mail", "news"])))
    names.append("_ldap._tcp.dc._msdcs.%s.example.com" % rng.choice(["corp", "ad", "office"]))
for _ in range(rng.randint(4, 8)):  # load balancers and CDNs: long names, hyphens and digits
    names.append("internal-k8s-%s-%s-%010d.%s.elb.amazonaws.com" % (rng.choice(["default", "prod", "staging"]),
                 rng.choice(["api", "web", "payments", "search"]), rng.randint(0, 10 ** 10 - 1), rng.choice(["eu-west-1", "us-east-1"])))
    names.append("e%d.dscx.akamaiedge.net" % rng.randint(1000, 99999))
    names.append("%s-%s.%s.cloudfront.net" % (rng.choice(["d1", "d2", "d3"]), "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12)), rng.choice(["edge", "cdn"])))
for _ in range(rng.randint(3, 8)):
    names.append(rng.choice(["www.example.com", "deb.debian.org", "security.debian.org", "api.github.com", "pypi.org",
                             "ntp.ubuntu.com", "login.microsoftonline.com", "registry-1.docker.io"]))
rng.shuffle(names)
for name in names:
    ask(name, 16 if "_domainkey" in name else 33 if name.startswith("_ldap") else 1)
    if rng.random() < 0.5 and not name.startswith("_"):
        ask(name, 28)  # and its AAAA
ns.close()
