"""The one place tests build key-shaped strings — at run time, never as literals in the tree.

Every format is assembled from fragments and random bodies (seeded, so failures reproduce),
which keeps the repository clean under its own ``aisec scan .`` and other scanners.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable

ALNUM = string.ascii_letters + string.digits
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"
UPPER32 = string.ascii_uppercase + "234567"
LOWER_ALNUM = string.ascii_lowercase + string.digits


class KeyFactory:
    """Builds realistic fake keys for every provider format aisec knows."""

    def __init__(self, seed: int = 1234) -> None:
        self.rng = random.Random(seed)

    def chars(self, n: int, alphabet: str = ALNUM) -> str:
        while True:
            value = "".join(self.rng.choice(alphabet) for _ in range(n))
            # Real keys are random: avoid accidental runs that the placeholder filters reject.
            if sum(c.isdigit() for c in value) >= min(3, n // 8) or alphabet in (string.ascii_letters,):
                return value

    # ----- prefixed formats ---------------------------------------------------------------
    def openai_project(self) -> str:
        return "sk-" + "proj-" + self.chars(74, B64URL) + "T3Blbk" + "FJ" + self.chars(74, B64URL)

    def openai_service_account(self) -> str:
        return "sk-" + "svcacct-" + self.chars(74, B64URL) + "T3Blbk" + "FJ" + self.chars(74, B64URL)

    def openai_admin(self) -> str:
        return "sk-" + "admin-" + self.chars(58, B64URL) + "T3Blbk" + "FJ" + self.chars(58, B64URL)

    def openai_legacy(self) -> str:
        return "sk-" + self.chars(20) + "T3Blbk" + "FJ" + self.chars(20)

    def anthropic(self) -> str:
        return "sk-" + "ant-" + "api03-" + self.chars(93, B64URL) + "AA"

    def anthropic_admin(self) -> str:
        return "sk-" + "ant-" + "admin01-" + self.chars(93, B64URL) + "AA"

    def google(self) -> str:
        return "AI" + "zaSy" + self.chars(33, B64URL)

    def gemini_new(self) -> str:
        return "AQ" + ".Ab8RN6" + self.chars(44, B64URL)

    def azure_openai(self) -> str:
        return self.chars(52) + "JQQJ" + "99" + self.chars(1) + self.rng.choice("ABCDEFGHIJKL") + self.chars(12) + "AAABA" + "COG" + self.chars(4)

    def hex(self, n: int) -> str:
        return self.chars(n, HEX)

    def aws_access_key_id(self) -> str:
        return "AK" + "IA" + self.chars(16, UPPER32)

    def aws_secret(self) -> str:
        return self.chars(40, ALNUM + "+/")

    def bedrock_long(self) -> str:
        return "AB" + "SK" + self.chars(128, ALNUM + "+/")

    def bedrock_short(self) -> str:
        return "bedrock-api-key-" + "YmVkcm9jay5hbWF6b25hd3MuY29t" + self.chars(200, ALNUM + "+/")

    def huggingface(self) -> str:
        return "hf" + "_" + self.chars(34, string.ascii_letters)

    def huggingface_org(self) -> str:
        return "api" + "_org_" + self.chars(34, string.ascii_letters)

    def groq(self) -> str:
        return "gs" + "k_" + self.chars(52)

    def replicate(self) -> str:
        return "r8" + "_" + self.chars(37)

    def perplexity(self) -> str:
        return "pp" + "lx-" + self.chars(48)

    def xai(self) -> str:
        return "xa" + "i-" + self.chars(80)

    def deepseek(self) -> str:
        return "sk-" + self.hex(32)

    def together(self) -> str:
        return "tgp" + "_v1_" + self.chars(43, B64URL)

    def fireworks(self) -> str:
        return "fw" + "_" + self.chars(24)

    def openrouter(self) -> str:
        return "sk-" + "or-v1-" + self.hex(64)

    def anyscale(self) -> str:
        return "esec" + "ret_" + self.chars(26, LOWER_ALNUM)

    def langsmith_pat(self) -> str:
        return "lsv2" + "_pt_" + self.hex(32) + "_" + self.hex(10)

    def langsmith_service(self) -> str:
        return "lsv2" + "_sk_" + self.hex(32) + "_" + self.hex(10)

    def langfuse_secret(self) -> str:
        return "sk-" + "lf-" + str(uuid.UUID(int=self.rng.getrandbits(128)))

    def langfuse_public(self) -> str:
        return "pk-" + "lf-" + str(uuid.UUID(int=self.rng.getrandbits(128)))

    def pinecone(self) -> str:
        return "pcsk" + "_" + self.chars(5) + "_" + self.chars(63)

    def wandb_v1(self) -> str:
        return "wandb" + "_v1_" + self.chars(77)

    def elevenlabs(self) -> str:
        return "sk" + "_" + self.hex(48)

    def stability(self) -> str:
        return "sk-" + self.chars(48)

    def voyage(self) -> str:
        return "pa" + "-" + self.chars(43, B64URL)

    def cerebras(self) -> str:
        return "cs" + "k-" + self.chars(48, LOWER_ALNUM)

    def nvidia(self) -> str:
        return "nv" + "api-" + self.chars(64, B64URL)

    def databricks(self) -> str:
        return "da" + "pi" + self.hex(32)

    def jina(self) -> str:
        return "ji" + "na_" + self.hex(32) + self.chars(28)

    def tavily(self) -> str:
        return "tv" + "ly-" + "dev-" + self.chars(32)

    def runpod(self) -> str:
        return "rp" + "a_" + self.chars(40, string.ascii_uppercase + string.digits) + self.chars(6)

    def minimax(self) -> str:
        return "sk-" + "api-" + self.chars(119, B64URL)

    def zai(self) -> str:
        return self.hex(32) + "." + self.chars(16)

    def ollama(self) -> str:
        return self.hex(32) + "." + self.chars(24, B64URL)

    def sourcegraph(self) -> str:
        return "sl" + "k_" + self.hex(64)

    def cursor(self) -> str:
        return "ke" + "y_" + self.hex(64)

    def devin(self) -> str:
        return "apk" + "_user_" + self.chars(120, ALNUM)

    def litellm(self) -> str:
        return "sk-" + self.chars(22, B64URL)

    def relay(self) -> str:
        return "sk-" + self.chars(48)

    # ----- agent, tooling and inference platforms (issue 12) ------------------------------
    def ai71(self) -> str:
        return "api71" + "-api-" + self.uuid()

    def baseten(self) -> str:
        return self.chars(8) + "." + self.chars(32)

    def browser_use(self) -> str:
        return "bu" + "_" + self.chars(43, B64URL)

    def composio(self) -> str:
        return "ak" + "_" + self.chars(20, B64URL)

    def coze(self) -> str:
        return "pat" + "_" + self.chars(64)

    def dify(self) -> str:
        return "app" + "-" + self.chars(24)

    def e2b(self) -> str:
        return "e2b" + "_" + self.hex(40)

    def edenai(self) -> str:
        return self.jwt()

    def exa(self) -> str:
        return self.uuid()

    def fal(self) -> str:
        return self.uuid() + ":" + self.hex(32)

    def firecrawl(self) -> str:
        return "fc" + "-" + self.hex(32)

    def friendli(self) -> str:
        return "flp" + "_" + self.chars(46)

    def greptile(self) -> str:
        return self.chars(48, ALNUM + "+/")

    def kling(self) -> str:
        return self.chars(32)

    def lighton(self) -> str:
        return self.chars(1) + self.chars(47, B64URL)

    def llamacloud(self) -> str:
        return "llx" + "-" + self.chars(48)

    def mastra(self) -> str:
        return self.chars(1) + self.chars(47, B64URL)

    def mem0(self) -> str:
        return "m0" + "-" + self.chars(40)

    def modal(self) -> str:
        return "as" + "-" + self.chars(22)

    def ngc(self) -> str:
        import base64

        raw = self.chars(26) + ":" + self.uuid()
        return base64.b64encode(raw.encode()).decode()

    def privateai(self) -> str:
        return self.chars(32, LOWER_ALNUM)

    def retell(self) -> str:
        return "key" + "_" + self.hex(28)

    def runway(self) -> str:
        return "key" + "_" + self.hex(128)

    def scale(self) -> str:
        return "live" + "_" + self.hex(32)

    def tavus(self) -> str:
        return self.hex(32)

    def vapi(self) -> str:
        return self.uuid()

    def vastai(self) -> str:
        return self.hex(64)

    def minimax_cp(self) -> str:
        return "sk-" + "cp-" + self.chars(1) + self.chars(99, B64URL)

    def kagi(self) -> str:
        return self.chars(11, B64URL) + "." + self.chars(43, B64URL)

    def zai_upper(self) -> str:
        return self.hex(32).upper() + "." + self.chars(16)

    def openai_none(self) -> str:
        return "sk-" + "None-" + self.chars(74, B64URL) + "T3Blbk" + "FJ" + self.chars(74, B64URL)

    def voiceflow_legacy(self) -> str:
        return "VF" + "." + self.hex(24) + "." + self.chars(16)


    # ----- published sample values (rules/sample-values.yaml) and malformed look-alikes ------
    @staticmethod
    def published_google_sample() -> str:
        """A Firebase quickstart API key that ships in public SDK samples."""
        return "AI" + "zaSyAnLA7NfeLquW1tJFpx_" + "eQCxoX-oo6YyIs"

    @staticmethod
    def published_aws_pair() -> tuple[str, str]:
        """The access key pair of the AWS documentation examples."""
        return "AK" + "IAI44QH8DHB" + "EXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvb" + "EXAMPLEKEY"

    def openai_admin_without_marker(self) -> str:
        return "sk-" + "admin-" + self.chars(120, B64URL)

    def pinecone_short_label(self) -> str:
        return "pcsk" + "_" + self.chars(4) + "_" + self.chars(63)

    def sk_too_short(self) -> str:
        return "sk-" + self.chars(14)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def jwt(self) -> str:
        import base64
        import json

        def seg(obj: dict[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

        return seg({"alg": "HS256", "typ": "JWT"}) + "." + seg({"access": "r", "exp": self.rng.randint(10**9, 2 * 10**9)}) + "." + self.chars(43, B64URL)

    def supabase_anon(self) -> str:
        """A Supabase anon key: a JWT whose role is ``anon`` (public by design, shipped to browsers)."""
        import base64
        import json

        def seg(obj: dict[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

        claims = {"iss": "supabase", "ref": self.chars(20).lower(), "role": "anon", "exp": self.rng.randint(10**9, 2 * 10**9)}
        return seg({"alg": "HS256", "typ": "JWT"}) + "." + seg(claims) + "." + self.chars(43, B64URL)

    def posthog_project(self) -> str:
        """A PostHog project key (write-only, embedded in web pages by design)."""
        return "phc" + "_" + self.chars(43)

    def pem_private_key(self) -> str:
        lines = [self.chars(64, ALNUM + "+/") for _ in range(12)]
        head = "-----BEGIN " + "PRIVATE KEY-----"
        tail = "-----END " + "PRIVATE KEY-----"
        return "\n".join([head, "MIIEv" + lines[0][5:], *lines[1:], tail])

    def by_name(self, name: str) -> Callable[[], str]:
        builder: Callable[[], str] = getattr(self, name)
        return builder
