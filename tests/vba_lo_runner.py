"""Run with Debian's /usr/bin/python3 (python3-uno): open workbooks in headless LibreOffice, list
the form buttons and the macro each is bound to, click each (invoke its bound script) and record
what the stub RunPython wrote. Usage: vba_lo_runner.py FILE[|FILE...] PROFILE_URL OUT.json LOG"""
import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def read_log(path):
    try:
        with open(path, encoding="latin-1") as fh:
            return fh.read()
    except FileNotFoundError:
        return ""


def main():
    files, profile, out, log = sys.argv[1].split("|"), sys.argv[2], sys.argv[3], sys.argv[4]
    pipe = "xxgk_%d" % os.getpid()
    proc = subprocess.Popen(["soffice", "-env:UserInstallation=" + profile, "--headless", "--norestore",
                             "--invisible", "--accept=pipe,name=%s;urp;" % pipe],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctx = uno.getComponentContext()
    resolver = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
    for _ in range(300):
        try:
            remote = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.1)
    else:
        proc.kill()
        raise SystemExit("LibreOffice did not start")
    desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
    result = {}
    try:
        for f in files:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(f), "_blank", 0,
                                               (prop("Hidden", True), prop("MacroExecutionMode", 4)))
            buttons, clicked = [], {}
            for i in range(doc.Sheets.Count):
                sheet = doc.Sheets.getByIndex(i)
                forms = sheet.DrawPage.Forms
                for fi in range(forms.Count):
                    form = forms.getByIndex(fi)
                    for ci in range(form.Count):
                        ctl = form.getByIndex(ci)
                        scripts = [e.ScriptCode for e in form.getScriptEvents(ci)]
                        buttons.append({"sheet": sheet.Name, "label": getattr(ctl, "Label", ""),
                                        "scripts": scripts})
            provider = doc.getScriptProvider()
            for b in buttons:
                for url in b["scripts"]:
                    if url in clicked:
                        continue
                    before = read_log(log)
                    try:
                        provider.getScript(url).invoke((), (), ())
                        clicked[url] = read_log(log)[len(before):].strip()
                    except Exception as e:
                        clicked[url] = "ERROR %s" % e
            doc.close(True)
            result[f] = {"buttons": buttons, "clicked": clicked}
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)


main()
