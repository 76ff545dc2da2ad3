#!/bin/bash
# family: crypto-legit
# OpenSSL the everyday way: a self-signed certificate, encrypting one backup, checksums.
set -eu
RANDOM=$PG_SEED
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days $((1 + RANDOM % 365)) -subj "/CN=dev$RANDOM.example.invalid" 2>/dev/null
openssl x509 -in cert.pem -noout -fingerprint -sha256 > /dev/null
head -c $((RANDOM * 3)) /dev/urandom > backup.bin
openssl enc -aes-256-cbc -pbkdf2 -salt -in backup.bin -out backup.bin.enc -pass pass:secret$RANDOM
sha256sum backup.bin backup.bin.enc cert.pem > SHA256SUMS
openssl rand -hex 16 > /dev/null
