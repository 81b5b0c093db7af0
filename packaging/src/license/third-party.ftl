<#-- (p.artifact is the dependency's own project artifact, whose type is its packaging, e.g. "bundle" for Guava:
     every dependency the plugins bundle is a jar.)
     One line per runtime dependency of the packaging module, tab-separated, read by src/build/NoticeFiles.java:
     file name in lib/, groupId:artifactId:version, project name, licenses (name<url>, joined by " | "). -->
<#list dependencyMap as e>
<#assign p = e.getKey()/>
<#assign a = p.artifact/>
<#assign file = a.artifactId + "-" + a.baseVersion + (a.classifier?has_content?then("-" + a.classifier, "")) + ".jar"/>
<#assign names = []/>
<#list e.getValue() as l><#assign names = names + [l]/></#list>
<#assign urls = []/>
<#list p.licenses as l><#assign urls = urls + [(l.url!"")]/></#list>
${file}	${a.groupId}:${a.artifactId}:${a.baseVersion}	${(p.name!a.artifactId)?replace("\t", " ")}	${names?join(" | ")}	${urls?join(" | ")}
</#list>
