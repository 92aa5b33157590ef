#!/usr/bin/env python3
"""Verifies an AIMS audit pack without the app: Python 3 standard library only, no network.

Run it in the folder the pack was unzipped into:  python3 -I verify.py
It recomputes every payload hash, every envelope id, every ledger entry hash and link, and the root hash,
prints each problem with the entry and item it concerns, and exits 1 if there is any (0 when the pack is intact).
The formats are described byte for byte in VERIFY.md.
"""
import base64
import csv
import hashlib
import json
import os
import re
import sys

GENESIS = "0" * 64
# Management review digests (HTML) state the ledger head when they were made: "held <n> entries; its root hash was <hex>".
ANCHOR = re.compile(r"held (\d+) entries; its root hash was ([0-9a-f]{64})")
# ... and, when a time-stamping authority was configured, carry its RFC 3161 answer for that root.
DIGEST_TSR = re.compile(r'<code class="tsr">([A-Za-z0-9+/=]+)</code>')
SHA256_OID = bytes.fromhex("608648016503040201")  # 2.16.840.1.101.3.4.2.1


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def entry_hash(sequence, item_id, payload_sha256, previous_hash, recorded_at):
    text = "aims-ledger-v1\n%s\n%s\n%s\n%s\n%s" % (sequence, item_id, payload_sha256, previous_hash, recorded_at)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# DER prefix of a SHA-256 DigestInfo (RFC 8017, 9.2): what an RS256 signature encodes before the digest.
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
UNLISTED = {"manifest.sha256", "manifest.sig", "signing-key.json", "signing-key.pem"}


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rs256_verifies(message_digest, signature, n_bytes, e_bytes):
    """RSASSA-PKCS1-v1_5 verification with SHA-256, with Python integers only."""
    n = int.from_bytes(n_bytes, "big")
    e = int.from_bytes(e_bytes, "big")
    k = (n.bit_length() + 7) // 8
    if len(signature) != k:
        return False
    em = pow(int.from_bytes(signature, "big"), e, n).to_bytes(k, "big")
    t = SHA256_DIGEST_INFO + message_digest
    expected = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return em == expected


def der(data, pos=0):
    """One DER element at pos: (tag, value bytes, position after it)."""
    if pos + 2 > len(data):
        raise ValueError("truncated DER")
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        if n == 0 or n > 4:
            raise ValueError("unsupported DER length")
        length = int.from_bytes(data[pos:pos + n], "big")
        pos += n
    if pos + length > len(data):
        raise ValueError("truncated DER")
    return tag, data[pos:pos + length], pos + length


def der_children(data):
    out, pos = [], 0
    while pos < len(data):
        tag, value, pos = der(data, pos)
        out.append((tag, value))
    return out


def timestamp_imprint(response):
    """From a DER TimeStampResp (RFC 3161): (status, hash algorithm OID bytes, hashed message, genTime), parsed minimally.

    TimeStampResp = SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo }; the token's SignedData encapsulates
    TSTInfo = SEQUENCE { version, policy, messageImprint SEQUENCE { hashAlgorithm, hashedMessage }, serialNumber, genTime, ... }.
    The token's signature is not checked here: openssl ts -verify does that (VERIFY.md).
    """
    _, body, _ = der(response)
    parts = der_children(body)
    status = int.from_bytes(der_children(parts[0][1])[0][1], "big")
    if len(parts) < 2:
        return status, None, None, None
    content_info = der_children(parts[1][1])
    signed_data = der_children(der_children(content_info[1][1])[0][1])
    encapsulated = der_children(signed_data[2][1])
    tst_info = der_children(der(der_children(encapsulated[1][1])[0][1])[1])
    imprint = der_children(tst_info[2][1])
    algorithm = der_children(imprint[0][1])[0][1]
    return status, algorithm, imprint[1][1], tst_info[4][1].decode("ascii", "replace")


def check_timestamp(response, root_hash, where, problem):
    """Whether an RFC 3161 answer timestamps root_hash; each mismatch is a problem. Returns genTime or None."""
    try:
        status, algorithm, hashed, gen_time = timestamp_imprint(response)
    except (ValueError, IndexError):
        problem(where, "not a DER RFC 3161 time-stamp response")
        return None
    if status not in (0, 1) or hashed is None:
        problem(where, "the time-stamping authority did not grant a timestamp (status %d)" % status)
        return None
    if algorithm != SHA256_OID:
        problem(where, "the message imprint is not a SHA-256 hash")
        return None
    if hashed.hex() != root_hash:
        problem(where, "it timestamps %s, not the root hash %s: the token is for another ledger state" % (hashed.hex(), root_hash))
        return None
    return gen_time


def check_root_timestamp(root, root_hash, problem):
    """ledger/ledger-root.tsr must timestamp the root this run computed; its absence is reported, not failed."""
    tsr_path = os.path.join(root, "ledger", "ledger-root.tsr")
    status_path = os.path.join(root, "ledger", "timestamp.json")
    status = {}
    if os.path.isfile(status_path):
        with open(status_path, encoding="utf-8") as s:
            status = json.load(s)
    if not os.path.isfile(tsr_path):
        if status.get("status") == "timestamped":
            problem("ledger/ledger-root.tsr", "timestamp.json says the root was timestamped, but the time-stamp response is missing")
            return None
        return "no RFC 3161 timestamp of the root in this pack: %s" % (status.get("problem") or "no time-stamping authority was configured")
    with open(tsr_path, "rb") as t:
        gen_time = check_timestamp(t.read(), root_hash, "ledger/ledger-root.tsr", problem)
    if gen_time is None:
        return None
    return "RFC 3161 timestamp of the root hash by %s, genTime %s: message imprint matches (check its signature: openssl ts -verify, VERIFY.md)" % (status.get("authority") or "the authority", gen_time)


def check_manifest(root, problem):
    """Checks manifest.sig over manifest.sha256 with signing-key.json, then every file against the manifest, both ways."""
    manifest_path = os.path.join(root, "manifest.sha256")
    key_path = os.path.join(root, "signing-key.json")
    sig_path = os.path.join(root, "manifest.sig")
    for path in (manifest_path, key_path, sig_path):
        if not os.path.isfile(path):
            problem("manifest", "%s is missing: the pack is not signed" % os.path.basename(path))
            return None
    with open(key_path, encoding="utf-8") as k:
        key = json.load(k)
    with open(manifest_path, "rb") as m:
        manifest = m.read()
    with open(sig_path, "rb") as sg:
        signature = sg.read()
    fingerprint = hashlib.sha256(b64url(key.get("n", ""))).hexdigest()
    if key.get("fingerprint") not in (None, fingerprint):
        problem("signing-key.json", "its stated fingerprint is not the SHA-256 of its modulus")
    if not rs256_verifies(hashlib.sha256(manifest).digest(), signature, b64url(key.get("n", "")), b64url(key.get("e", ""))):
        problem("manifest", "manifest.sig does not verify over manifest.sha256 with signing-key.json: the manifest was changed or re-signed")
    listed = {}
    for line in manifest.decode("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    for name, digest in sorted(listed.items()):
        path = os.path.join(root, *name.split("/"))
        if not os.path.isfile(path):
            problem("file %s" % name, "listed in the signed manifest but missing")
        elif sha256_file(path) != digest:
            problem("file %s" % name, "changed after the pack was signed (SHA-256 differs from the manifest)")
    for folder, _, files in os.walk(root):
        for f in files:
            name = os.path.relpath(os.path.join(folder, f), root).replace(os.sep, "/")
            if name not in listed and name not in UNLISTED:
                problem("file %s" % name, "not in the signed manifest: added after the pack was signed")
    return key.get("kid"), fingerprint


def main(root="."):
    problems = []

    def problem(where, what):
        problems.append("%s: %s" % (where, what))

    payloads = {}
    payload_dir = os.path.join(root, "evidence", "payloads")
    if os.path.isdir(payload_dir):
        for name in os.listdir(payload_dir):
            payloads[name.split(".", 1)[0]] = os.path.join(payload_dir, name)

    ledger_path = os.path.join(root, "ledger", "ledger.csv")
    if not os.path.isfile(ledger_path):
        print("ledger/ledger.csv is missing: nothing can be verified")
        return 1

    previous = GENESIS
    expected_sequence = 1
    count = 0
    hashes = {}
    digests = []
    with open(ledger_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            count += 1
            seq = row.get("sequence", "")
            item_id = row.get("item_id", "")
            where = "ledger entry %s (item %s)" % (seq, item_id)
            if seq != str(expected_sequence):
                problem(where, "expected entry %d here: an entry was removed, inserted or moved" % expected_sequence)
            try:
                expected_sequence = int(seq) + 1
            except ValueError:
                expected_sequence += 1
            if row.get("previous_hash") != previous:
                problem(where, "links to %s, but the entry before it hashes to %s" % (row.get("previous_hash"), previous))
            recomputed = entry_hash(seq, item_id, row.get("payload_sha256", ""), row.get("previous_hash", ""), row.get("recorded_at", ""))
            if recomputed != row.get("entry_hash"):
                problem(where, "its fields hash to %s, not to its recorded hash %s" % (recomputed, row.get("entry_hash")))
            previous = row.get("entry_hash", "")
            hashes[seq] = previous

            if not item_id.startswith("sha256:"):
                problem(where, "the item id is not sha256:<hex>")
                continue
            hex_id = item_id[len("sha256:"):]
            envelope_path = os.path.join(root, "evidence", "envelopes", hex_id + ".json")
            if not os.path.isfile(envelope_path):
                problem(where, "its envelope evidence/envelopes/%s.json is missing" % hex_id)
                continue
            if sha256_file(envelope_path) != hex_id:
                problem(where, "its envelope does not hash to its id: the envelope was altered")
                continue
            with open(envelope_path, "rb") as e:
                try:
                    envelope = json.loads(e.read().decode("utf-8"))
                except ValueError:
                    problem(where, "its envelope is not JSON")
                    continue
            if envelope.get("payloadSha256") != row.get("payload_sha256"):
                problem(where, "the ledger and the envelope name different payloads")
            if envelope.get("recordedAt") != row.get("recorded_at"):
                problem(where, "the ledger and the envelope give different times")
            payload = payloads.get(hex_id)
            if payload is None:
                problem(where, "its payload file is missing from evidence/payloads/")
            elif sha256_file(payload) != envelope.get("payloadSha256"):
                problem(where, "its payload %s does not hash to %s: the payload was altered" % (os.path.basename(payload), envelope.get("payloadSha256")))
            elif envelope.get("kind") == "management-review-digest" and payload.endswith(".html"):
                digests.append((item_id, payload))

    # Each digest's anchor must still be in the ledger: entries before it cannot have been rewritten since.
    for item_id, payload in digests:
        with open(payload, encoding="utf-8", errors="replace") as d:
            page = d.read()
            anchors = ANCHOR.findall(page)
            for seq, anchored in anchors:
                if hashes.get(seq) != anchored:
                    problem("digest %s" % item_id, "it anchored entry %s with hash %s, but the ledger has %s there" % (seq, anchored, hashes.get(seq, "no such entry")))
            for token in DIGEST_TSR.findall(page):
                if anchors:
                    check_timestamp(base64.b64decode(token), anchors[0][1], "digest %s timestamp" % item_id, problem)

    summary_path = os.path.join(root, "README.json")
    stated = None
    if os.path.isfile(summary_path):
        with open(summary_path, encoding="utf-8") as s:
            stated = json.load(s).get("rootHash")
    if stated is not None and stated != previous:
        problem("root", "the ledger ends at %s, but README.json states %s" % (previous, stated))

    timestamp = check_root_timestamp(root, previous, problem)
    signed = check_manifest(root, problem)

    for p in problems:
        print(p)
    if signed is not None:
        print("Signed by key %s, fingerprint %s: compare it with the one the organisation publishes (GET /api/audit-pack/signing-key)." % signed)
    if timestamp is not None:
        print(timestamp)
    print("%d ledger entries, %d management review digest anchor(s) checked, root hash %s: %s" % (count, len(digests), previous, "INTACT" if not problems else "%d PROBLEM(S)" % len(problems)))
    print("Compare the root hash with the one anchored outside the app (the management review digest, the head checkpoint).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
