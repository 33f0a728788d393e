"""Keep a document open in a headless LibreOffice (UNO), as a user named on the command line would.

Run with a Python that has LibreOffice's ``uno`` module (Debian: python3-uno):
    python3 tests/libreoffice_open.py FILE PROFILE_DIR "Voornaam Achternaam"
Prints "open" once LibreOffice holds the document (and has written its lock
file), closes it when stdin is closed.
"""

import contextlib
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


def main():
    path, profile, user = sys.argv[1], sys.argv[2], sys.argv[3]
    pipe = f"jaarplan-test-{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.1)
    else:
        office.kill()
        sys.exit("LibreOffice did not answer")
    smgr = context.ServiceManager
    provider = smgr.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", context)
    data = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", "/org.openoffice.UserProfile/Data"),)
    )
    given, _, family = user.partition(" ")
    data.setPropertyValue("givenname", given)
    data.setPropertyValue("sn", family)
    data.commitChanges()
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),)
    )
    print("open", flush=True)
    sys.stdin.read()
    document.close(True)
    with contextlib.suppress(Exception):  # LibreOffice may drop the connection while it quits
        desktop.terminate()
    office.wait(timeout=60)


main()
