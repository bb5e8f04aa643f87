/** A gitleaks config using every construct the importer knows (v8: [[allowlists]], targetRules, regexTarget…). */
export const SAMPLE_GITLEAKS = String.raw`
title = "team gitleaks config"

[extend]
useDefault = true
disabledRules = ["generic-api-key", "known-builtin"]

[[rules]]
id = "Internal_Token"
description = "Internal service token"
regex = '''\b(itk_[a-z0-9]{32})\b'''
keywords = ["itk_"]
entropy = 3.5
secretGroup = 1
tags = ["internal"]
  [[rules.allowlists]]
  regexes = ['''itk_0+''']
  stopwords = ["Dummy"]
  paths = ['''test/''']

[[rules]]
id = "lookbehind-rule"
regex = '''(?<=key=)[a-z]{10}'''
keywords = ["key="]

[[rules]]
id = "no-keywords"
description = "Legacy key"
regex = '''lgk-[0-9]{12}'''

[[rules]]
id = "known-builtin"
description = "collides with a built-in id"
regex = '''kb_[0-9]{12}'''
keywords = ["kb_"]

[[rules]]
id = "aws-access-token"
  [rules.allowlist]
  regexes = ['''AKIA.*EXAMPLE''']

[[allowlists]]
description = "global"
paths = ['''(^|/)vendor/''', '''\.snap$''', '''(?<!x)y''']
regexes = ['''^EXAMPLE''']
stopwords = ["SandBox"]
commits = ["0123456789abcdef0123456789abcdef01234567"]

[[allowlists]]
condition = "AND"
paths = ['''fixtures/''']
regexes = ['''^test''']

[[allowlists]]
regexTarget = "line"
regexes = ['''# not-a-secret''']

[[allowlists]]
targetRules = ["Internal_Token", "github-pat"]
stopwords = ["placeholder"]
`;
