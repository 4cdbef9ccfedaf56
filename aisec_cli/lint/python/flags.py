"""Literal and flag rules for Python: AIS101, AIS306, AIS307, AIS501–AIS505."""

from __future__ import annotations

import ast
import re

from aisec_cli.core.findings import Severity
from aisec_cli.lint import keys, sdk, urls
from aisec_cli.lint.hits import Hit
from aisec_cli.lint.python.facts import ModuleFacts, const_str, dotted, is_hex_commit, is_true, keyword
from aisec_cli.lint.python.flow import code_of, span_of
from aisec_cli.core.lazyre import LazyRegex

_BASE_URL_KEYS = frozenset(
    {"base_url", "api_base", "openai_api_base", "azure_endpoint", "anthropic_api_url", "inference_server_url", "openai_base_url", "baseURL"}
)
# names any client takes (object storage, databases): a model API only in a module that uses one
_GENERIC_URL_KEYS = frozenset({"endpoint_url", "server_url", "api_url", "base_path", "api_host"})
_MODEL_SERVICES = ("bedrock", "sagemaker-runtime")  # boto3 services that are model APIs
_BASE_URL_NAME = LazyRegex(r"(?i)(?:base_?url|api_?base|endpoint|api_?url|api_?host|server_?url)$")
_CODE_TOOLS = frozenset({"PythonREPLTool", "PythonAstREPLTool", "ShellTool", "LLMBashChain", "BashProcess", "PandasQueryEngine", "LocalCommandLineCodeExecutor", "create_python_agent", "PythonREPLChain", "CodeInterpreterToolSpec"})
_DATAFRAME_AGENTS = frozenset({"create_pandas_dataframe_agent", "create_csv_agent", "create_spark_dataframe_agent", "create_xorbits_agent", "create_python_agent"})
# Agents that run model-written code by design, whatever the library version (older LangChain
# releases had no opt-in flag at all): qualified-name suffix → what runs.
_CODE_AGENTS: dict[str, str] = {
    "create_pandas_dataframe_agent": "Python over the dataframe",
    "create_csv_agent": "Python over the CSV data",
    "create_spark_dataframe_agent": "Python over the Spark dataframe",
    "create_xorbits_agent": "Python over the dataframe",
    "pandasai.SmartDataframe": "Python written by the model (pandas-ai)",
    "pandasai.SmartDatalake": "Python written by the model (pandas-ai)",
    "pandasai.Agent": "Python written by the model (pandas-ai)",
}
_CODE_AGENT_ROOTS = ("langchain", "langchain_experimental", "langchain_community", "pandasai")
# SQL agents: the model writes the SQL, run with the connection's privileges.
_SQL_AGENTS = frozenset({"create_sql_agent", "SQLDatabaseToolkit", "create_spark_sql_agent", "SparkSQLToolkit"})
_READ_ONLY_DB = LazyRegex(r"(?i)mode=ro\b|immutable=1|read_?only|query_only|default_transaction_read_only")
# smolagents executors that do not run on this host.
_REMOTE_EXECUTORS = frozenset({"e2b", "docker", "modal", "wasm", "blaxel"})
_DANGEROUS_TOOL_NAMES = frozenset({"terminal", "python_repl", "shell", "bash", "python", "sleep_and_run"})
_PICKLE_LOADS = frozenset({"pickle.load", "pickle.loads", "dill.load", "dill.loads", "joblib.load", "cloudpickle.load", "cloudpickle.loads", "pandas.read_pickle", "_pickle.load", "_pickle.loads", "cPickle.load", "cPickle.loads", "sklearn.externals.joblib.load"})
_MODEL_ARTIFACT = LazyRegex(
    r"(?i)model|weight|checkpoint|ckpt|\.pth?\b|\.bin\b|\.joblib|clf|classifier|regressor|estimator|"
    r"embedding|faiss|vector|index\.pkl|tokenizer|scaler|encoder|pipeline|lora|adapter|predictor|trained"
)
# calls that start a process or a shell: an executor without any of them runs nothing on the host
_PROCESS_CALL = LazyRegex(r"subprocess|create_subprocess|os\.(?:system|popen|exec|spawn)|Popen|pexpect|\bpty\.|\bsh\.|check_output|(?<![.\w])exec\(")
_HUB_LOADERS = frozenset({"from_pretrained", "hf_hub_download", "snapshot_download", "load_dataset"})
# The dataset builders packaged with `datasets`: they read the files they are given, not the hub.
_DATASET_BUILDERS = frozenset({
    "arrow", "audiofolder", "cache", "csv", "eval", "generator", "hdf5", "imagefolder", "json", "niftifolder",
    "pandas", "parquet", "pdffolder", "spark", "sql", "text", "videofolder", "webdataset", "xml",
})


class Flags:
    def __init__(self, facts: ModuleFacts, lines: list[str], rules: frozenset[str], path: str, is_test: bool, torch_min: tuple[int, int] | None, flow_hit_lines: set[tuple[str, int]]) -> None:
        self.facts = facts
        self.lines = lines
        self.rules = rules
        self.path = path
        self.is_test = is_test
        self.torch_min = torch_min
        self.flow_lines = flow_hit_lines
        self.hits: list[Hit] = []
        self._seen: set[tuple[str, int, int]] = set()
        self.docstrings = _docstring_ids(facts)

    def hit(self, rule: str, node: ast.AST, message: str, severity: Severity | None = None, secret: str = "", **extra: object) -> None:
        if rule not in self.rules:
            return
        span = span_of(self.lines, node)
        key = (rule, span.line, span.col)
        if key in self._seen:
            return
        self._seen.add(key)
        self.hits.append(Hit(rule, span, message, code=code_of(node), severity=severity, secret=secret, extra=dict(extra)))

    def run(self) -> list[Hit]:
        facts = self.facts
        for node in facts.of_type(ast.Constant):
            if isinstance(node.value, str) and len(node.value) >= 12 and id(node) not in self.docstrings:  # type: ignore[attr-defined]
                self._literal(node)  # type: ignore[arg-type]
        for node in facts.of_type(ast.Call):
            self._call(node)  # type: ignore[arg-type]
        for node in facts.of_type(ast.Dict):
            self._dict(node)  # type: ignore[arg-type]
        if facts.ai_context:
            for node in facts.of_type(ast.Attribute):
                self._attribute(node)  # type: ignore[arg-type]
        for node in facts.of_type(ast.Assign):
            self._assign(node)  # type: ignore[arg-type]
        self.hits.sort(key=lambda h: (h.span.line, h.span.col))
        return self.hits

    # -- AIS101 / AIS501: literals in context ------------------------------------------------

    def _context(self, node: ast.Constant) -> tuple[str, str]:
        """(context name, kind) for a literal: keyword / target / dict key / env name."""
        parent = self.facts.parent(node)
        if isinstance(parent, ast.JoinedStr):
            parent = self.facts.parent(parent)
        if isinstance(parent, ast.keyword):
            return parent.arg or "", "keyword"
        if isinstance(parent, (ast.Assign, ast.AnnAssign)):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    return t.id, "name"
                if isinstance(t, ast.Attribute):
                    return t.attr, "attribute"
                if isinstance(t, ast.Subscript):
                    key = const_str(t.slice)
                    if key:
                        return key, "env" if (dotted(t.value) or "").endswith("environ") else "subscript"
            return "", ""
        if isinstance(parent, ast.Dict):
            for k, v in zip(parent.keys, parent.values, strict=True):
                if v is node:
                    return const_str(k) or "", "dict"
            return "", ""
        if isinstance(parent, ast.Call):
            name = dotted(parent.func) or ""
            if name.endswith(("getenv", "environ.get", "setdefault", "putenv")) and len(parent.args) >= 2 and parent.args[1] is node:
                return const_str(parent.args[0]) or "", "env"
            qual = self.facts.resolve(parent.func)
            if (qual in sdk.CLIENTS or qual in sdk.OTHER_CLIENTS) and parent.args and parent.args[0] is node:
                return "api_key", "keyword"
            return "", "arg"
        return "", ""

    def _literal(self, node: ast.Constant) -> None:
        value: str = node.value
        if len(value) < 12 or len(value) > 2000:
            return
        context, kind = self._context(node)
        if "AIS101" in self.rules:
            match = None
            if value.startswith("http"):
                match = None
            elif " " in value.strip() and not value.startswith("Bearer "):
                found = keys.find_keys_in_text(value) if kind in ("dict", "keyword", "arg", "name") else []
                strong = [k for k in found if k.provider != "generic"]
                match = strong[0] if strong else None
            else:
                match = keys.match_key(value, context)
            if match is not None:
                env = _env_name(context, kind, match.env_var)
                where = f"`{context}`" if context else "the code"
                severity = Severity.LOW if self.is_test else None
                self.hit(
                    "AIS101",
                    node,
                    f"Hard-coded {match.provider} key `{_masked(match.value)}` in {where}: anyone with the source can use it.",
                    severity=severity,
                    secret=match.value,
                    env_var=env,
                    literal=match.value,
                )
        if "AIS501" in self.rules and value.startswith("http://") and urls.plaintext_external(value):
            if (
                (kind in ("keyword", "attribute", "subscript") and context in _BASE_URL_KEYS)
                or (
                    kind in ("keyword", "attribute", "subscript")
                    and context in _GENERIC_URL_KEYS
                    and self.facts.ai_context
                    and not self._other_service(node)
                )
                or (kind in ("name", "env", "attribute") and _BASE_URL_NAME.search(context) and self.facts.ai_context)
                or (kind == "env" and re.search(r"(?i)OPENAI|ANTHROPIC|LLM|AI_|OLLAMA|BASE_URL|API_BASE", context))
                or urls.provider_of(value)
            ):
                if not (self.is_test and (urls.reserved_example_host(value) or urls.private_network_host(value))):  # a test naming a reserved or LAN host sends nothing
                    self.hit("AIS501", node, f"`{value}` sends the API key and prompts over plain HTTP to a non-local host.", severity=Severity.LOW if self.is_test else None)

    def _other_service(self, node: ast.AST) -> bool:
        """The value is an argument of ``boto3.client("s3", …)``-like calls: a service that is no model API."""
        keyword_node = self.facts.parent(node)
        call = self.facts.parent(keyword_node) if isinstance(keyword_node, ast.keyword) else None
        if not isinstance(call, ast.Call) or not call.args:
            return False
        service = const_str(call.args[0])
        qual = self.facts.resolve(call.func) or dotted(call.func) or ""
        return bool(service) and qual.rsplit(".", 1)[-1] in ("client", "resource") and not service.startswith(_MODEL_SERVICES)

    # -- calls ---------------------------------------------------------------------------

    def _call(self, node: ast.Call) -> None:
        facts = self.facts
        qual = facts.resolve(node.func)
        name = dotted(node.func) or ""
        last = (qual or name).rsplit(".", 1)[-1] if (qual or name) else ""
        kw = self._keywords(node)
        # AIS306 code execution given to agents
        dangerous_code = kw.get("allow_dangerous_code")
        if dangerous_code is not None and self._truthy(dangerous_code):
            self.hit("AIS306", dangerous_code, f"`{last or name}(allow_dangerous_code=True)` lets the agent run model-written code on this host.", severity=self._hitl(node))
        elif last == "ShellTool" and ("executor" in kw or "environment" in kw or (qual or "").startswith("agents.")):
            self._agents_shell_tool(node, kw)
        elif last in _CODE_TOOLS or (last in _DATAFRAME_AGENTS and last == "create_python_agent"):
            self.hit("AIS306", node, f"`{last}` gives the model unsandboxed code or shell execution.", severity=self._hitl(node))
        elif self._code_agent(node, qual, last, kw):
            pass
        elif name.startswith("PALChain") or qual.endswith("PALChain") or ".PALChain." in qual or (isinstance(node.func, ast.Attribute) and (dotted(node.func.value) or "").endswith("PALChain")):
            self.hit("AIS306", node, "`PALChain` executes model-written Python; its AST block-lists were bypassed repeatedly.")
        if last == "load_tools":
            tool_list = node.args[0] if node.args else kw.get("tool_names")
            if isinstance(tool_list, (ast.List, ast.Tuple)):
                for elt in tool_list.elts:
                    if const_str(elt) in _DANGEROUS_TOOL_NAMES:
                        self.hit("AIS306", elt, f"`load_tools` with \"{const_str(elt)}\" gives the agent a shell / Python REPL.")
        if last in ("Tool", "StructuredTool", "from_function"):
            fn = kw.get("func") or kw.get("coroutine")
            if fn is not None and re.search(r"PythonREPL|python_repl|ShellTool|subprocess|os\.system", ast.unparse(fn)):
                self.hit("AIS306", node, "A tool wraps a Python REPL / shell: the model runs code on this host.")
        ace = kw.get("allow_code_execution")
        if ace is not None and self._truthy(ace):
            mode = const_str(kw.get("code_execution_mode"))
            if mode == "unsafe":
                self.hit("AIS306", node, "CrewAI agent with allow_code_execution=True in \"unsafe\" mode runs code on the host.")
        # AIS307 other dangerous opt-ins
        for k, v in kw.items():
            if (k in ("allow_dangerous_requests", "allow_dangerous_tools") or (k.startswith("dangerously") and k != "dangerously_allow_browser")) and self._truthy(v):
                if k == "allow_dangerous_tools" and any(k2 == "allow_dangerous_code" for k2 in kw):
                    continue
                self.hit("AIS307", v, f"`{k}=True`: the model can issue arbitrary requests / actions with this app's credentials.")
        # AIS503 trust_remote_code
        trc = kw.get("trust_remote_code")
        if trc is not None and self._truthy(trc):
            if is_hex_commit(kw.get("revision")) or is_hex_commit(kw.get("code_revision")):
                if self._audit:
                    self.hit("AIS503", trc, "trust_remote_code=True, pinned to an audited commit.", severity=Severity.INFO)
            else:
                self.hit("AIS503", trc, f"`{last or name}(trust_remote_code=True)` runs Python from the model repository at load time.")
        # AIS504 unsafe deserialization
        self._deserialization(node, qual, last, kw)
        # AIS502 TLS
        self._tls_call(node, qual, name, last, kw)
        # AIS505 (audit)
        if "AIS505" in self.rules and last in _HUB_LOADERS:
            repo = const_str(node.args[0]) if node.args else const_str(kw.get("repo_id") or kw.get("pretrained_model_name_or_path") or kw.get("path"))
            if repo and self._hub_name(last, repo) and self._revision_pinned(kw) is False:
                self.hit("AIS505", node, f"`{last}(\"{repo}\")` has no revision= pinned to a commit.", severity=Severity.INFO)

    @staticmethod
    def _hub_name(loader: str, repo: str) -> bool:
        """``repo`` names a hub repository: not a local path, nor a packaged dataset builder
        (``load_dataset("csv", data_files=…)``); a model name needs its organisation."""
        if repo.startswith((".", "/", "~")):
            return False
        if loader == "load_dataset":
            return repo not in _DATASET_BUILDERS
        return "/" in repo or loader != "from_pretrained"

    def _revision_pinned(self, kw: dict[str | None, ast.expr]) -> bool | None:
        """Whether ``revision=``/``commit_id=`` pins a commit; None when it is no literal (a
        setting, a lookup) and so cannot be judged here."""
        for name in ("revision", "commit_id"):
            node = kw.get(name)
            if node is None:
                continue
            node = self._resolved(node)
            if const_str(node) is None:
                return None
            return is_hex_commit(node)
        return False

    def _code_agent(self, node: ast.Call, qual: str, last: str, kw: dict[str | None, ast.expr]) -> bool:
        """AIS306 for agents that run model-written code or SQL by design (no flag needed)."""
        if "." not in qual or not qual.startswith((*_CODE_AGENT_ROOTS, "smolagents", "llama_index")):
            return False  # a same-named local helper, or an unknown import
        if dangerous_off := kw.get("allow_dangerous_code"):
            if isinstance(dangerous_off, ast.Constant) and dangerous_off.value is False:
                return False  # current versions refuse to build the agent
        what = _CODE_AGENTS.get(last) or _CODE_AGENTS.get(qual.split(".", 1)[0] + "." + last)
        if what is not None:
            self.hit("AIS306", node, f"`{last}` runs {what} on this host (whatever the library version: older releases needed no opt-in).")
            return True
        if last in _SQL_AGENTS:
            if _READ_ONLY_DB.search("\n".join(self.lines)):
                return False  # a read-only connection is visible in the file
            self.hit("AIS306", node, f"`{last}` lets the model write SQL run with the connection's privileges (no read-only connection visible): injected text can change or delete data.")
            return True
        if qual.startswith("smolagents") and last == "CodeAgent":
            executor = const_str(kw.get("executor_type"))
            if executor in _REMOTE_EXECUTORS or (kw.get("use_e2b_executor") is not None and self._truthy(kw["use_e2b_executor"])):
                return False
            if kw.get("executor_type") is not None and executor is None:
                return False  # chosen at run time: unknown
            self.hit("AIS306", node, "smolagents `CodeAgent` with the local executor runs model-written Python in this process.")
            return True
        return False

    @property
    def _audit(self) -> bool:
        return "AIS505" in self.rules

    def _agents_shell_tool(self, node: ast.Call, kw: dict[str | None, ast.expr]) -> None:
        """AIS306 for an Agents-SDK style ShellTool: the executor decides where commands run."""
        env = kw.get("environment")
        if isinstance(env, ast.Call) and (dotted(env.func) or "").endswith("cast") and len(env.args) == 2:
            env = env.args[1]  # cast(Any, {...})
        if isinstance(env, ast.Dict) and (const_str(_dict_value(env, "type")) or "").startswith("container"):
            return  # a hosted container runs the commands, not this host
        executor = kw.get("executor")
        if executor is None:
            return  # the Agents SDK refuses a local shell without an executor
        if not self._runs_processes(executor):
            return  # a stub or canned executor, or a sandbox session's exec(): nothing runs on this host
        if is_true(kw.get("needs_approval")):
            self.hit("AIS306", node, "`ShellTool` runs model-chosen commands on this host; each one waits for human approval (needs_approval=True).", severity=Severity.MEDIUM)
        else:
            self.hit("AIS306", node, "`ShellTool` gives the model unsandboxed code or shell execution.")

    def _runs_processes(self, executor: ast.expr) -> bool:
        """Whether an executor visibly spawns processes; True when its code is not in this module."""
        target: ast.expr = executor.func if isinstance(executor, ast.Call) else executor
        if isinstance(target, ast.Lambda):
            bodies: list[ast.AST] = [target.body]
        else:
            name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else None
            bodies = [d for d in self.facts.of_type(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef) if getattr(d, "name", None) == name]
            if not bodies:
                return True
        return any(_PROCESS_CALL.search(ast.unparse(b)) for b in bodies)

    def _keywords(self, node: ast.Call) -> dict[str | None, ast.expr]:
        """The call's keywords, with those of `**OPTIONS` when OPTIONS is a dict literal of this
        module (a keyword written at the call wins)."""
        kw: dict[str | None, ast.expr] = {k.arg: k.value for k in node.keywords if k.arg}
        for spread in self._known_spreads(node):
            for key, value in zip(spread.keys, spread.values, strict=True):
                name = const_str(key)
                if name is not None and name not in kw:
                    kw[name] = value
        return kw

    def _known_spreads(self, node: ast.Call) -> list[ast.Dict]:
        return [
            value for k in node.keywords if k.arg is None and isinstance(k.value, ast.Name)
            and isinstance(value := self._resolved(k.value), ast.Dict)
        ]

    def _unknown_spread(self, node: ast.Call) -> bool:
        """The call passes a `**mapping` this module does not spell out: any keyword may be in it."""
        return sum(1 for k in node.keywords if k.arg is None) > len(self._known_spreads(node))

    def _straight_line_value(self, node: ast.AST, name: str) -> ast.Constant | None:
        """The literal a local name holds at ``node`` when every binding of it in the function
        is a plain assignment in the same block as the statement holding ``node`` (no branch or
        loop can change it); the last one before ``node`` wins."""
        statement, block = node, None
        while (parent := self.facts.parent(statement)) is not None:
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement in parent.body:
                block = parent.body
                break
            if any(statement in getattr(parent, field, ()) for field in ("body", "orelse", "finalbody")):
                return None  # inside a branch, loop, try or with-block: keep it simple
            statement = parent
        if block is None or not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        earlier = [s for s in block if s.lineno < statement.lineno]
        value: ast.Constant | None = None
        for inner in ast.walk(parent):
            if isinstance(inner, ast.Name) and inner.id == name and isinstance(inner.ctx, ast.Store):
                holder = self.facts.parent(inner)
                if not (isinstance(holder, ast.Assign) and holder in block and len(holder.targets) == 1):
                    return None  # bound in a branch, a loop, a tuple or a nested function
        for stmt in earlier:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id == name:
                value = stmt.value if isinstance(stmt.value, ast.Constant) else None
        return value

    def _hitl(self, node: ast.Call) -> Severity | None:
        mode = const_str(keyword(node, "human_input_mode"))
        return Severity.MEDIUM if mode == "ALWAYS" else None

    def _resolved(self, node: ast.AST) -> ast.AST:
        """``node``, or the value a module-level constant of that name is assigned."""
        if isinstance(node, ast.Name):
            return self.facts.module_constants.get(node.id, node)
        return node

    def _truthy(self, node: ast.AST) -> bool:
        return is_true(self._resolved(node))

    def _deserialization(self, node: ast.Call, qual: str, last: str, kw: dict[str | None, ast.expr]) -> None:
        if qual == "torch.load":
            flag = kw.get("weights_only")
            wo = (self._straight_line_value(node, flag.id) or flag) if isinstance(flag, ast.Name) else flag
            if flag is not None and isinstance(wo, ast.Constant) and wo.value is False:
                self.hit("AIS504", flag, "`torch.load(weights_only=False)` unpickles the file: a crafted checkpoint runs code.")
            elif wo is None and not self._unknown_spread(node) and not (self.torch_min and self.torch_min >= (2, 6)):
                if (node.lineno and ("AIS305", node.lineno) in self.flow_lines):
                    return
                self.hit("AIS504", node, "`torch.load` without weights_only=True unpickles the file (unsafe before torch 2.6).", severity=Severity.MEDIUM)
            return
        if qual in _PICKLE_LOADS:
            if ("AIS305", node.lineno) in self.flow_lines or not self._model_artifact(node, qual):
                return
            self.hit("AIS504", node, f"`{qual}` runs code embedded in the file: load models from safetensors or another data-only format.")
            return
        add = kw.get("allow_dangerous_deserialization")
        if add is not None and self._truthy(add):
            self.hit("AIS504", add, f"`{last}(allow_dangerous_deserialization=True)` unpickles the index: a crafted file runs code.")
        sm = kw.get("safe_mode")
        if sm is not None and isinstance(sm, ast.Constant) and sm.value is False and last == "load_model":
            self.hit("AIS504", sm, "`load_model(safe_mode=False)` allows arbitrary code in Lambda layers.")
        ap = kw.get("allow_pickle")
        if ap is not None and (self._truthy(ap) or _truthy_literal(ap)) and last == "load" and qual.startswith(("numpy", "np")):
            self.hit("AIS504", ap, "`np.load(allow_pickle=True)` unpickles object arrays: a crafted file runs code.")

    def _model_artifact(self, node: ast.Call, qual: str) -> bool:
        """Does this pickle load read a model (by file name, target name or library)?"""
        if qual.startswith(("joblib", "sklearn")):
            return True
        text = ast.unparse(node.args[0]) if node.args else ""
        if node.args and isinstance(node.args[0], ast.Name):
            for value in self.facts.module_scope.assigns.get(node.args[0].id, []) + [
                v for sc in self.facts.scopes.values() for v in sc.assigns.get(node.args[0].id, [])
            ]:
                text += " " + ast.unparse(value)
        parent = self.facts.parent(node)
        if isinstance(parent, (ast.Assign, ast.AnnAssign)):
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            text += " " + " ".join(ast.unparse(t) for t in targets)
        return bool(_MODEL_ARTIFACT.search(text))

    def _client_for_ai(self, node: ast.Call) -> bool:
        """An http client built here and handed to an AI SDK (http_client=...) in this file."""
        parent = self.facts.parent(node)
        name = ""
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
            name = ast.unparse(parent.targets[0])
        if not name:
            return False
        for other in self.facts.of_type(ast.keyword):
            if isinstance(other, ast.keyword) and other.arg in ("http_client", "http_async_client", "client", "session") and ast.unparse(other.value) == name:
                return True
        return False

    def _tls_call(self, node: ast.Call, qual: str, name: str, last: str, kw: dict[str | None, ast.expr]) -> None:
        if not self.facts.ai_context:
            url = const_str(node.args[0]) if node.args else const_str(kw.get("url"))
            if not (url and urls.provider_of(url)):
                return
        verify = kw.get("verify")
        if verify is not None and isinstance(verify, ast.Constant) and verify.value is False:
            url = const_str(node.args[0]) if node.args else const_str(kw.get("url"))
            is_client = last in ("Client", "AsyncClient", "DefaultHttpxClient", "DefaultAsyncHttpxClient", "Session", "ClientSession")
            ai_call = bool(url and urls.provider_of(url)) or any(
                k in kw for k in ("json",) if url and urls.is_generation_endpoint(url)
            )
            used_by_ai = isinstance(self.facts.parent(node), ast.keyword) and self.facts.parent(node).arg in ("http_client", "http_async_client", "client")  # type: ignore[union-attr]
            if (is_client and (used_by_ai or self._client_for_ai(node))) or ai_call or used_by_ai or qual.startswith(("openai", "anthropic", "langchain", "litellm")):
                self.hit("AIS502", verify, "`verify=False` turns off TLS certificate checks for this client.")
        ssl_kw = kw.get("ssl")
        if ssl_kw is not None and isinstance(ssl_kw, ast.Constant) and ssl_kw.value is False and qual.startswith("aiohttp"):
            self.hit("AIS502", ssl_kw, "`ssl=False` turns off TLS certificate checks for this connection.")
        if qual in ("ssl._create_unverified_context",):
            self.hit("AIS502", node, "`ssl._create_unverified_context()` accepts any certificate.")

    # -- attributes / assignments / dicts ----------------------------------------------------

    def _attribute(self, node: ast.Attribute) -> None:
        if not self.facts.ai_context:
            return
        qual = self.facts.resolve(node)
        if qual == "ssl.CERT_NONE":
            self.hit("AIS502", node, "`ssl.CERT_NONE` disables certificate verification.")
        elif qual == "ssl._create_unverified_context" and not isinstance(self.facts.parent(node), ast.Call):
            self.hit("AIS502", node, "`ssl._create_unverified_context` accepts any certificate.")

    def _assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Attribute) and target.attr == "verify" and isinstance(node.value, ast.Constant) and node.value.value is False and self.facts.ai_context:
                self.hit("AIS502", node.value, "`session.verify = False` turns off TLS certificate checks.")
            if isinstance(target, ast.Subscript) and (dotted(target.value) or "").endswith("environ"):
                key = const_str(target.slice)
                val = const_str(node.value)
                if key in ("PYTHONHTTPSVERIFY", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE") and val in ("0", ""):
                    self.hit("AIS502", node.value, f"`{key}={val!r}` turns off TLS certificate checks process-wide.")

    def _dict(self, node: ast.Dict) -> None:
        keys_ = [const_str(k) for k in node.keys]
        for k, v in zip(keys_, node.values, strict=True):
            if k == "use_docker" and isinstance(v, ast.Constant) and v.value is False:
                self.hit("AIS306", v, "AutoGen code execution with use_docker=False runs model-written code on this host.")
            elif k == "trust_remote_code" and self._truthy(v):
                if not any(kk in ("revision", "code_revision") and is_hex_commit(vv) for kk, vv in zip(keys_, node.values, strict=True)):
                    self.hit("AIS503", v, "`trust_remote_code: True` runs Python from the model repository at load time.")
            elif k == "allow_dangerous_code" and self._truthy(v):
                self.hit("AIS306", v, "`allow_dangerous_code: True`: an agent built with these options runs model-written code on this host.")
            elif k in ("allow_dangerous_requests",) and self._truthy(v):
                self.hit("AIS307", v, f"`{k}: True`: the model can issue arbitrary requests with this app's credentials.")
            elif k == "weights_only" and isinstance(v, ast.Constant) and v.value is False:
                self.hit("AIS504", v, "`weights_only: False` makes torch.load unpickle the file.")


def _truthy_literal(node: ast.expr) -> bool:
    """A literal a flag read by truth (``if allow_pickle:``) takes as on: 1, "yes", even "False"."""
    return isinstance(node, ast.Constant) and node.value is not None and bool(node.value)


def _dict_value(node: ast.Dict, key: str) -> ast.expr | None:
    """The value of a constant key in a dict literal."""
    for k, v in zip(node.keys, node.values, strict=True):
        if const_str(k) == key:
            return v
    return None


def _docstring_ids(facts: ModuleFacts) -> set[int]:
    """String constants that are whole statements: docstrings and bare string expressions."""
    return {id(node.value) for node in facts.of_type(ast.Expr) if isinstance(node.value, ast.Constant)}  # type: ignore[attr-defined]


def _env_name(context: str, kind: str, default: str) -> str:
    if context and re.fullmatch(r"[A-Z][A-Z0-9_]*", context) and re.search(r"KEY|TOKEN|SECRET", context):
        return context
    if context and kind == "keyword" and context != "api_key" and re.search(r"(?i)key|token|secret", context):
        return context.upper()
    return default


def _masked(value: str) -> str:
    from aisec_cli.core.masking import mask

    return mask(value)
