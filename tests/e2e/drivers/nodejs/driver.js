// Runs a TypeScript example's program file inline through the Pulumi
// Automation API, using the real CLI and engine on PATH. The Node.js language
// host cannot be installed on the build machines; with a normal Pulumi
// install the same program runs with `pulumi up`.
//
// Usage: node driver.js preview|up|refresh|destroy
// Environment: E2E_WORK_DIR (the program folder), E2E_STACK (the stack name).
"use strict";

const fs = require("fs");
const path = require("path");
const ts = require("typescript");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");

// Transpile .ts files on require, so the example runs exactly as written.
// Type checking is a separate step (tsc --strict) in the e2e suite.
require.extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const { outputText } = ts.transpileModule(source, {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    });
    module._compile(outputText, filename);
};

function projectName(workDir) {
    const match = /^name:\s*(\S+)/m.exec(fs.readFileSync(path.join(workDir, "Pulumi.yaml"), "utf8"));
    if (!match) {
        throw new Error(`no project name in ${workDir}/Pulumi.yaml`);
    }
    return match[1];
}

async function main() {
    const op = process.argv[2];
    const workDir = process.env.E2E_WORK_DIR;
    const stackName = process.env.E2E_STACK;
    if (!workDir || !stackName) {
        throw new Error("E2E_WORK_DIR and E2E_STACK must be set");
    }
    // The program resolves @pulumi/pulumi and the orgiac SDK from the driver's
    // node_modules, so both share one @pulumi/pulumi runtime.
    const modules = path.join(workDir, "node_modules");
    if (!fs.existsSync(modules)) {
        fs.symlinkSync(path.join(__dirname, "node_modules"), modules, "dir");
    }
    const program = async () => require(path.join(workDir, "index.ts"));
    const stack = await LocalWorkspace.createOrSelectStack(
        { stackName, projectName: projectName(workDir), program },
        { workDir },
    );
    const onOutput = (line) => process.stdout.write(line);
    switch (op) {
        case "preview":
            await stack.preview({ onOutput });
            break;
        case "up":
            await stack.up({ onOutput });
            break;
        case "refresh":
            await stack.refresh({ onOutput });
            break;
        case "destroy":
            await stack.destroy({ onOutput });
            break;
        default:
            throw new Error(`unknown operation ${op}`);
    }
}

main().catch((err) => {
    console.error(err instanceof Error ? err.stack || err.message : err);
    process.exit(1);
});
