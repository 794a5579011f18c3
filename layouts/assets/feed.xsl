<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed of the portal as a page a reader can use: what a
     feed is, how to subscribe, and the newest items. Browsers that apply
     XSLT to feeds use it; feed readers ignore it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:a="http://www.w3.org/2005/Atom">
<xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
<xsl:template match="/a:feed">
<html lang="zh-CN">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="a:title"/>（订阅源）</title>
<style>
body { margin: 0; font: 17px/1.8 "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2328; }
header { background: #b3141c; color: #fff; padding: .8rem 1rem; }
header a { color: #fff; }
main { max-width: 48rem; margin: 0 auto; padding: 0 1rem 2rem; }
.about { background: #fff8c5; border: 1px solid #d4a72c; padding: .6rem 1rem; margin: 1rem 0; }
code { word-break: break-all; background: #f6f8fa; padding: 0 .3em; }
li { margin: .6rem 0; }
.date { color: #57606a; font-size: .9rem; }
a { color: #0b5cad; }
</style>
</head>
<body>
<header><strong><xsl:value-of select="a:title"/></strong></header>
<main>
<div class="about">
<p><strong>这是一个订阅源（Atom 格式）。</strong>把本页的网址复制到订阅阅读器（RSS/Atom 阅读器，手机和电脑上都有），有新的通知、公示发布时阅读器会自动提醒，不用反复打开网站查看。</p>
<p>订阅地址：<code><xsl:value-of select="a:link[@rel='self']/@href"/></code></p>
<p>不用阅读器也没关系：<a href="{a:link[@rel='alternate']/@href}">回到网站上的对应页面</a>。</p>
</div>
<h1>最新内容</h1>
<ul>
<xsl:for-each select="a:entry">
<li><a href="{a:link/@href}"><xsl:value-of select="a:title"/></a><br/><span class="date">更新于 <xsl:value-of select="substring(a:updated, 1, 10)"/></span></li>
</xsl:for-each>
</ul>
</main>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
