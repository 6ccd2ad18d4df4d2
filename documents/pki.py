"""Where the signing keys are, and the demo certificate authority that ``make_demo_pki`` writes.

Layout under ``settings.SIGNING_PKI_DIR``: ``ca.pem`` (published), ``ca-key.pem`` (demo only),
``agencies/<agency code>/key.pem`` + ``cert.pem``. Production puts a real agency key and certificate at
the same place, or one province-wide pair in ``SIGNING_KEY_FILE`` / ``SIGNING_CERT_FILE``.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from services.exceptions import ConditionNotMet, lazy_format

DEMO_CA_NAME = "Cổng dịch vụ công - CA thử nghiệm (demo)"


@dataclass(frozen=True)
class KeyPair:
    key_file: Path
    cert_file: Path


def pki_dir():
    return Path(settings.SIGNING_PKI_DIR)


def ca_file():
    return Path(settings.SIGNING_CA_FILE) if settings.SIGNING_CA_FILE else pki_dir() / "ca.pem"


def agency_dir(agency):
    return pki_dir() / "agencies" / agency.code


def key_pair_for(agency):
    """The agency's own key, else the province-wide one; neither: a clean, bilingual refusal (409)."""
    own = agency_dir(agency)
    if (own / "key.pem").is_file() and (own / "cert.pem").is_file():
        return KeyPair(own / "key.pem", own / "cert.pem")
    if settings.SIGNING_KEY_FILE and settings.SIGNING_CERT_FILE:
        pair = KeyPair(Path(settings.SIGNING_KEY_FILE), Path(settings.SIGNING_CERT_FILE))
        if pair.key_file.is_file() and pair.cert_file.is_file():
            return pair
    raise ConditionNotMet(
        lazy_format(
            _(
                "Chưa có khóa ký số cho cơ quan “%(agency)s”, chưa thể ký văn bản; báo quản trị / "
                "There is no signing key for “%(agency)s” yet, so the document cannot be signed: tell an admin."
            ),
            agency=agency.name,
        ),
        code="no_signing_key",
    )


def ca_pem():
    path = ca_file()
    return path.read_bytes() if path.is_file() else None


# --- the demo CA -------------------------------------------------------------------------------------
def _name(common_name, organization):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
        ]
    )


def _write_private(path, key):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _usage(*, sign_certs):
    return x509.KeyUsage(
        digital_signature=not sign_certs,
        content_commitment=not sign_certs,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=sign_certs,
        crl_sign=sign_certs,
        encipher_only=False,
        decipher_only=False,
    )


def ensure_demo_ca(directory):
    """The demo root CA in ``directory`` (made once): (certificate, private key, created?)."""
    cert_path, key_path = directory / "ca.pem", directory / "ca-key.pem"
    if cert_path.is_file() and key_path.is_file():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return cert, key, False
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(DEMO_CA_NAME, DEMO_CA_NAME)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign_certs=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert, key, True


def issue_demo_certificate(directory, ca_cert, ca_key, *, common_name, organization):
    """A signing key and certificate for one holder under ``directory`` (made once): created?"""
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    if cert_path.is_file() and key_path.is_file():
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign_certs=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return True


def make_demo_pki(agencies, directory=None):
    """The demo CA and one certificate per agency (existing ones kept): the codes of the agencies added."""
    directory = Path(directory or pki_dir())
    directory.mkdir(parents=True, exist_ok=True)
    ca_cert, ca_key, _created = ensure_demo_ca(directory)
    added = []
    for agency in agencies:
        if issue_demo_certificate(
            directory / "agencies" / agency.code,
            ca_cert,
            ca_key,
            common_name=agency.name,
            organization=agency.name,
        ):
            added.append(agency.code)
    return added
