// SQL injection: a value spliced into a query that breaks out of its literal or its expression and runs its own
// SQL (tautologies, UNION SELECT, stacked statements, comment truncation, time delays). These tests pin the known
// gaps of libinjection that the grammar closes, the false positives it must not have, and its cost per value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { judgeSql } from '../../src/inspect/sql/grammar.js';
import { detectSqlInjection } from '../../src/inspect/sql/index.js';
import { lookupWord, roleOf, wordId } from '../../src/inspect/sql/lexicon.js';
import { joinSplitWords, normalizeLong, normalizeOnce } from '../../src/inspect/sql/normalize.js';
import { tokens } from '../../src/inspect/sql/parse-state.js';
import { findInjection, findScreened } from '../../src/inspect/sql/readings.js';
import { Role } from '../../src/inspect/sql/roles.js';
import { cannotBeSql } from '../../src/inspect/sql/screen.js';
import { fastest } from '../helpers/timing.js';

const ATTACKS: ReadonlyArray<readonly [string, string]> = [
  ['stacked query after a number', '1; DROP TABLE users'],
  ['stacked query after a quote', "1'; DELETE FROM accounts--"],
  ['tautology ended by a stacked terminator', "' OR 1=1;'"],
  ['boolean literal after OR', '1 or true'],
  ['string tautology', "' OR '1'='1"],
  ['string tautology, x and a', "x' OR 'a'='a"],
  ['login bypass by comment', "admin'--"],
  ['login bypass by hash comment', "admin'#"],
  ['UNION SELECT', '1 UNION SELECT username, password FROM users'],
  ['UNION ALL SELECT after a quote', "' UNION ALL SELECT NULL,NULL--"],
  ['time delay with SLEEP', '1 AND SLEEP(5)'],
  ['time delay with WAITFOR', "'; WAITFOR DELAY '0:0:5'--"],
  ['time delay with pg_sleep', "1' AND 1=(SELECT 1 FROM PG_SLEEP(5))--"],
  ['BENCHMARK', "1' AND BENCHMARK(5000000,MD5(1))#"],
  ['boolean blind', '1 AND 1=1'],
  ['boolean blind with extraction', "1' AND ASCII(SUBSTRING(password,1,1))>64--"],
  ['subquery after a comparison', '1 AND 1=(SELECT COUNT(*) FROM users)'],
  ['error based', '1 AND EXTRACTVALUE(1,CONCAT(0x5c,(SELECT version())))'],
  ['ORDER BY column probe', "1' ORDER BY 3--"],
  ['INTO OUTFILE', "1 UNION SELECT 1 INTO OUTFILE '/tmp/x'"],
  ['MySQL executable comment', '1 /*!50000UNION*/ /*!50000SELECT*/ 1,2'],
  ['conditional', '1 AND IF(1=1,SLEEP(5),0)'],
  ['MSSQL batch without semicolon', "x' DECLARE @s varchar(8000) EXEC(@s)--"],
  ['xp_cmdshell', "1; EXEC xp_cmdshell 'dir'"],
  ['parenthesis break', "') OR ('1'='1"],
  ['double-quote context', '" OR "1"="1'],
  ['percent-encoded', '1%27%20OR%20%271%27%3D%271'],
  ['double percent-encoded', '1%2527%2520OR%2520%25271%2527%253D%25271'],
  ['HTML entities', '1&#39; OR &#39;1&#39;=&#39;1'],
  ['fullwidth quote', '1＇ OR ＇1＇=＇1'],
  ['NUL bytes', "1'\u0000 OR 1=1--"],
  ['column compared with itself', "' or a=a--"],
  // A literal left open at the end is closed by the query's own quote.
  ['open literal closed by the query, numeric context', "1 or '1'='1"],
  ['empty open literal closed by the query', "1 or ''='"],
  ['open literal after a parenthesis break', "1) or ('a'='a"],
  // Typographic quotes become ASCII quotes under best-fit conversion.
  ['typographic quotes', '1’ or ‘1’=’1'],
  ['prime as a quote', "1' or '1′='1"],
  // T-SQL: IF <condition> <statement>, and statements run back to back without `;`.
  ['T-SQL IF after a value', '1IF(7423=7423) SELECT 7423 ELSE DROP FUNCTION xcjl--'],
  ['T-SQL IF with WAITFOR', "1'; if not(substring((select @@version),25,1) <> 8) waitfor delay '0:0:2' --"],
  ['SELECT juxtaposed after a number', '1 select * from information_schema.tables--'],
  ['SELECT glued to a number', '1select @@version'],
  ['SELECT from a qualified catalog', '1select name from sysibm.systables;'],
  ['T-SQL EXEC of a string built in parentheses', "1; EXEC('sel' + 'ect 1')"],
  ['MySQL LOAD DATA LOCAL INFILE', "1; LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE t"],
  ['Aurora LOAD DATA FROM S3', "x'; LOAD DATA FROM S3 's3://b/k' INTO TABLE t--"],
  ['Hive LOAD DATA LOCAL INPATH', "x'; LOAD DATA LOCAL INPATH '/etc/passwd' INTO TABLE t--"],
  ['INSERT ... VALUES after a quote', "x'; insert into logs(msg) values('pwned')--"],
  ['MySQL INSERT ... SET', "1; INSERT INTO users SET name='x'"],
  ['T-SQL SHUTDOWN WITH NOWAIT', '1; shutdown with nowait'],
  ['DROP TABLE IF EXISTS after a quote', "'; drop table if exists users; --"],
  ['GRANT ALL PRIVILEGES after a statement', '1; grant all privileges on db.* to hacker'],
  ['CALL of a procedure after a quote', "'; call xp_cmd('x')"],
  ['INSERT ... EXEC capturing a command', "'; INSERT INTO cmd EXEC master..xp_cmdshell 'whoami'--"],
  ['INSERT ... DEFAULT VALUES', "'; INSERT INTO users DEFAULT VALUES--"],
  ['DROP TABLE of a double-quoted name', '\'; DROP TABLE "Users";--'],
  ['CREATE TABLE of a temporary table', '1; CREATE TABLE #tmp(x varchar(8000))--'],
  ['CREATE USER of a MySQL account', "x'; CREATE USER 'evil'@'localhost' IDENTIFIED BY 'x'#"],
  ['CALL completed by the query', "x'); CALL evil('"],
  ['MSSQL GRANT ALL TO', '1; GRANT ALL TO hacker--'],
  ['PostgreSQL COPY with options of before 9.0', '1; COPY users TO STDOUT CSV--'],
  ['BACKUP DATABASE of a filegroup', "1; BACKUP DATABASE master FILEGROUP='PRIMARY' TO DISK='x'--"],
  ['PostgreSQL COPY to the client', '1; COPY users TO STDOUT;'],
  ['T-SQL EXEC of a variable in parentheses', '1 EXEC(@s)'],
  [
    'Informix table of another database',
    '(SELECT (CASE WHEN (4521=4521) THEN 1 ELSE 1/0 END) FROM sysmaster:sysdual)',
  ],
  ['CREATE TABLE after a number', '1create table myfile (input TEXT);'],
  ['PostgreSQL COPY from a file', "1copy myfile from '/etc/passwd';"],
  ['BACKUP DATABASE', "1 BACKUP database master to disk='x'"],
  ['PRINT of a system variable', '1PRINT @@version'],
  ['GRANT of a role after a statement', "1' grant connect to name; grant resource to name; --"],
  ['Oracle EXECUTE IMMEDIATE', "1'; execute immediate 'sel' || 'ect us' || 'er'"],
  ['MySQL DESC after a statement', "1\\'; desc users; --"],
  // A complete delay call is time-based injection wherever it sits.
  ['delay call inside IF()', "1' if(benchmark(3000000,MD5(1)),NULL,NULL),NULL) #"],
  ['delay call in nested subqueries', '1(SELECT * FROM (SELECT(SLEEP(5)))ecMj)'],
  // Encodings and separators.
  ['JavaScript hex escape of a quote', '1\\x27UNION SELECT 1,2'],
  ['JavaScript unicode escape of a quote', '1\\u0027 OR 1=1--'],
  ['control character as a space', '1\u0018 or 1=1 --'],
  // Arithmetic on the closed value with the literal the query closes.
  ['string arithmetic after a break', "1'-'"],
  ['string concatenation after a break', "11'||'asd'||'"],
  ['constant arithmetic as a condition', "1' or ''-'"],
  // Probes: close the literal, apply one operator, reopen it (libinjection's `A 'op' B` forms).
  ['quote, OR, quote', "' OR '"],
  ['quote, concatenation, quote', "'||'"],
  ['quoted operator between two names', "A 'DIV' B"],
  ['negated predicate between quotes', "' NOT LIKE '"],
  ['login, OR, empty literal', "admin' or '"],
  ['arithmetic then a comparison with the reopened literal', " aa'^0!='1"],
  ['constant comparison after an empty literal', "'/1/1='"],
  ['IS NULL after a break', "aa'is\\N|!'"],
  // A complete value, then a comment that cuts the query.
  ['number then a double dash', '1 --'],
  ['product then a comment', '1*1/*'],
  ['variable then a comment', '@version--'],
  ['statement end then a comment', '1; --'],
  ['sqlmap-style comment suffix', "aa' LIKE 0 -- -a"],
  ['empty literal, arithmetic, comment', "' - ( ( BINARY COS ( 'b')) )  --"],
  // Separators and literals.
  ['UNION alone after a value', '-1 union'],
  ['UNION behind line comments', '-1#union ##\r\n--\r\n\r\nunion'],
  ['replacement characters as separators', '1\ufffdUNION\ufffdSELECT\ufffd2--'],
  ['MySQL NULL escape', '1001-\\N union select 1,2,3,4 from credit_cards'],
  ['Oracle typed number glued to UNION', '1DUNION SELECT 2'],
  ['PostgreSQL dollar quoting', '$foo$pgsql evade$foo$ union select * from foo'],
  ['ODBC escape', '{ts 1}UNION SELECT.`` 1.e.table_name'],
  ['short executable comment is code', '-1.select/*!1 union select version()*/from test;'],
  ['PostgreSQL nested comment', '1001 union/*/**/*/select userid from credit_cards'],
  ['double dash before a word and a newline', '1--x\nAND 1=1'],
  ['scoped system variable', 'asd" or @@global.hot_cache.key_buffer_size^"1'],
  ['subquery under ANY after an operator', '1 - ANY(SELECT 1,2)'],
  ['whole CASE expression', '(CASE WHEN 4518=5617 THEN 1 ELSE NULL END)'],
  ['boolean in parentheses', 'id having (true or 1)'],
  ['LOCK IN SHARE MODE before UNION', '-1 LOCK IN SHARE MODE UNION SELECT table_name from t'],
  [
    'full-text modifier after a break',
    "1' IN BOOLEAN MODE) RLIKE (SELECT (CASE WHEN (1=1) THEN 1 ELSE 0x28 END))#",
  ],
  // Statements.
  ['T-SQL GOTO after a break', "'goto label; label: declare @s varchar(8000);exec(@s)--"],
  ['T-SQL WHILE', "'; while 1=1 shutdown-- -a"],
  ['USE then EXEC', "1; USE master; EXEC xp_cmdshell 'dir'"],
  ['PRINT then EXEC', "1;print 'foo'; exec xp_cmdshell 'destroy';"],
  ['EXECUTE AS LOGIN', "1; EXECUTE AS LOGIN 'root'; GO xp_cmdshell 'whoami.exe'"],
  ['LOAD XML', '1;load xml local infile "foo"'],
  ['DELETE with a MySQL modifier', '1; delete quick from foo'],
  ['parenthesised query as a statement', 'select 1; (select 1); update users set password = 99'],
  // Conditions.
  ['number, OR, columns compared', '1 OR x=y'],
  ['LIKE everything', "1 like '%'"],
  ['MySQL OR of two constants', '1||6'],
  ['delay with a placeholder argument', '1sleep(__TIME__)#'],
  ['Oracle package function without parentheses', "1'||UTL_HTTP.REQUEST"],
  ['DB2 special register', '1select * from syscat.dbauth where grantee = current user;'],
  // Keywords split by empty comments, which a comment-stripping filter joins again.
  ['UNION SELECT split by empty comments', '1 UNI/**/ON SEL/**/ECT 1,2'],
  ['delay function split by an empty comment', '1 AND BENCH/**/MARK(5000000,MD5(1))'],
  ['delay argument split by an empty comment', 'BENChmARk(2999/**/999,Md5(NoW()'],
  // A comment that cuts the query, then the next parameter of a query string read whole.
  ['login bypass before the next query parameter', "admin' -- &password="],
  ['number cut before the next query parameter', '1 -- &password='],
  // A call with one plain argument at the end is prose unless a value comes before it (see the benign cases).
  ['constant call after a number and OR', '1 or floor(1)'],
  ['constant call after a closing parenthesis', '1) or floor(1)'],
  ['constant call after a signed number', '-1 or abs(1)'],
  ['unknown call after a variable', '@a or floor(1)'],
  ['extraction from a literal', "1 - ORD('A')"],
  ['call of one column, then a comment', "' or floor(1)#"],
  // A reviewer's payloads, each run on SQLite, PostgreSQL or MariaDB (2026-12-07).
  ['UNION with a row constructor', '-1 UNION VALUES(1,current_user)'],
  ['UNION with a row constructor after a breakout', "x' UNION VALUES (1,version())-- -"],
  ['PostgreSQL UNION TABLE', '-1 UNION TABLE creds'],
  ['MySQL NULL escape glued to UNION', '\\Nunion select 1,pw from creds'],
  ['MariaDB executable comment', '1/*M! OR 1=1*/'],
  ['MariaDB executable comment with a version', '1/*M!100101 union select 1,2*/'],
  ['delay with a quoted number', "id,SLEEP('1')"],
  ['delay with a quoted number in a derived table', "(SELECT 1 FROM (SELECT SLEEP('1'))x)"],
  ['BEGIN before a stacked statement', '1;BEGIN;DROP TABLE users'],
  ['COMMIT before a stacked statement', '1;COMMIT;DROP TABLE users'],
  ['START TRANSACTION before a stacked statement', '1; START TRANSACTION; DROP TABLE users'],
  ['COPY of a query to a program', "1; COPY (SELECT '') TO PROGRAM 'id > /tmp/x'"],
  ['COPY of columns from a program', "1; COPY t(name) FROM PROGRAM 'id'"],
  ['SQLite ATTACH DATABASE web shell', "1; ATTACH DATABASE '/var/www/lol.php' AS lol"],
  ['UPDATE of a qualified table', '1; UPDATE public.users SET is_admin=1'],
  ['UPDATE of a quoted table', '1; UPDATE "users" SET is_admin=1'],
  ['UPDATE of an aliased table', '1; UPDATE users u SET is_admin=1'],
  ['MySQL INSERT without INTO', "1; INSERT users (username,is_admin) VALUES ('evil',1)"],
  ['INSERT IGNORE INTO', '1; INSERT IGNORE INTO users VALUES(1)'],
  ['SET GLOBAL', "1; SET GLOBAL general_log_file='/var/www/x.php'"],
  ['CREATE EXTENSION', '1; CREATE EXTENSION dblink'],
  ['CREATE ROLE', "1; CREATE ROLE x SUPERUSER LOGIN PASSWORD 'x'"],
  ["login cut by a comment with sqlmap's random tag", "admin'-- xy"],
  ['login kept to one row, then cut', "admin' LIMIT 1-- -"],
  ['login kept to one row, then cut by #', "admin' LIMIT 1#"],
  ['another assignment in an UPDATE, then cut', "x', is_admin=1-- -"],
  ['another row in an INSERT, then cut', "x', 1), ('evil', 1)-- -"],
  ["another row right after the query's parenthesis", "x'), ('evil', 1)-- -"],
  // MySQL's `--` needs a space after it: before punctuation it is arithmetic there, and the UNION runs.
  ['UNION behind a double dash before a plus', '1--+1 UNION SELECT 1,pw FROM creds'],
  ['tautology behind a double dash before a parenthesis', '1--(1) OR 1=1'],
  ['UNION behind a double dash before a dot', '1--.1 UNION SELECT 1,2'],
  // A second reviewer's evasions of this round's rules (2026-12-07).
  ['UNION behind a MariaDB executable comment that is no SQL', '1 UNION/*M!x*/SELECT password FROM users'],
  ['tautology behind a MySQL executable comment that is no SQL', "x' OR/*!a b*/'1'='1"],
  ['stacked DROP behind a MariaDB executable comment', '1;/*M!x*/ DROP TABLE users'],
  ['a constant condition after NULL', 'NULL OR ABS(1)'],
  ['a constant condition after TRUE', 'TRUE OR ABS(1)'],
  ['a column taken apart after OR', 'id OR LENGTH(password)'],
  ['T-SQL DELETE of a bracketed table', 'DELETE [users];'],
  ['T-SQL DELETE then a comment', 'DELETE users--'],
  ['TRUNCATE twice', 'TRUNCATE users;TRUNCATE logs'],
  ['a label, then a stacked statement', 'Delete account; DROP TABLE users'],
  ['END before a stacked statement', '1;END;DROP TABLE users'],
  ['a stacked statement between quotes that a semicolon ends', "'; drop table users; '"],
  ['a stacked SELECT after an empty literal, then a comment', '" select @@version --'],
  // T-SQL runs a batch without `;`, and many statements take the empty literal the query's quote closes (a
  // reviewer's, 2026-12-07): a value wrapped in quotes is no exact-phrase search there.
  ['a wrapped DROP, then a SELECT of the empty literal', "' DROP TABLE users SELECT '"],
  ['a wrapped DELETE compared with the empty literal', "' DELETE FROM users WHERE name<>'"],
  ['a wrapped UPDATE compared with the empty literal', "' UPDATE users SET is_admin=1 WHERE name<>'"],
  // PostgreSQL's `#` is XOR, not a comment.
  ['UNION after PostgreSQL XOR', '1#1 UNION SELECT 1,pw FROM creds'],
  ['tautology after PostgreSQL XOR', '1#0 OR 1=1'],
  // A third reviewer's (2026-12-07): each leaked the table on PostgreSQL or MariaDB.
  ['UNION behind three dashes and a plus', '1---+1 UNION SELECT 1,pw FROM creds'],
  ['UNION behind three dashes and a number', '1---1 UNION SELECT 1,pw FROM creds'],
  ['UNION after XOR spaced', '1 # 1 UNION SELECT 1,pw FROM creds'],
  ['UNION after XOR with a column', '1#id UNION SELECT 1,pw FROM creds'],
  ['UNION after XOR with a literal', "1#'1' UNION SELECT 1,pw FROM creds"],
  ['tautology after XOR with a column', '-1 #id OR 1=1'],
  ['stacked DROP after XOR spaced', '1 # 1;DROP TABLE victim2'],
  ['XOR and an executable comment that is no SQL', '1#1 UNION/*!x*/SELECT 1,pw FROM creds'],
  ['XOR and a nested comment', '1#1 UNION/* /* */ x */SELECT 1,pw FROM creds'],
  // Statements the whole value is, as payload lists write them.
  ['T-SQL DELETE without FROM after a statement', '1; delete users'],
  ['TRUNCATE without TABLE after a statement', '1; truncate users'],
  ['TRUNCATE TABLE as the value', 'truncate table users'],
  ['INSERT INTO with its rows as the value', 'insert into users values(1)'],
  ['INSERT INTO a table, then EXEC', "INSERT INTO cmd EXEC master..xp_cmdshell 'whoami'"],
];

const BENIGN: ReadonlyArray<readonly [string, string]> = [
  ['date range with double dash', '1990--1995'],
  ['a colon between words after "from"', 'Flight from Paris:Orly to Rome, 10:30'],
  ['"load data" in a sentence', 'load data and instantiate objects only as you need them.'],
  ['"load data from" in a sentence', 'load data from the server when the page opens'],
  ['"insert into" in an instruction', 'insert into the slot, then select OK'],
  ['"benchmark" before a year', 'benchmark (2024) results'],
  ['"shutdown with" in a sentence', 'shutdown with care'],
  ['"backup database to" in a sentence', 'backup database to disk'],
  ['"print @" in a sentence', 'print @ home'],
  ['"drop table" before a preposition', 'drop table by the window'],
  // Titles, labels and product names that end in a name or a year in parentheses (a reviewer's generated forms).
  ['"A and B (year)"', 'Lee and Kim (2019)'],
  ['"A and B (number)"', 'Black and White (1)'],
  ['"A and B (region)"', 'Sales and Marketing (EMEA)'],
  ['search words in capitals', 'MOM AND DAD (GIFT)'],
  ['a SQL function name as a label', 'Length (cm)'],
  ['CAST as a word', 'CAST (IRON)'],
  ['a function name after a hyphen', 'Floor-Length (gown)'],
  ['"Top floor" before parentheses', 'Top floor (penthouse)'],
  ['a hash name as a label', 'Md5 (hash)'],
  // Whole values that are button labels: T-SQL's DELETE and TRUNCATE without FROM or TABLE need a statement before.
  ['"Delete account" as a label', 'Delete account'],
  ['"Truncate text" as a label', 'Truncate text'],
  ['"Insert into" a thing', 'Insert into envelope'],
  // The rules above, met in prose.
  ['"union values" in a sentence', 'trade union values (of 1990)'],
  ['"union table" in a sentence', 'trade union table of contents'],
  ['"; begin" in a sentence', 'ok; begin now'],
  ['"; commit" in a sentence', 'Call me; commit to it'],
  ['"; attach" in a sentence', 'ok; attach the file as pdf'],
  ['"; update" in a sentence', 'Hi; update your address'],
  ['"create role" in a sentence', 'create role models'],
  ['"insert" a thing with a note', 'Insert users (optional)'],
  ['a login and a remark', "admin'-- see notes"],
  ['a list item after #', 'Same as reward #1 however'],
  ['a limit in prose', "Tom's limit 1 --"],
  ['two names in quotes', "Smith', 'Jones"],
  ['a double dash before a parenthesis in prose', 'see you--(bye)'],
  ['a year and a double dash before a parenthesis', '1990--(approx)'],
  ['an apartment number', 'Apt #5'],
  ['"; attach ... as" in an instruction', 'Thanks; attach resume as PDF'],
  ['"; update ... set" in a sentence', 'Hi; update my drum set'],
  ['"; insert ... value" in a sentence', '1; insert the value'],
  ['"union table" after a word', 'Student union table booking'],
  ['"union values (" after a word', 'Trade union values (solidarity, equality)'],
  ['a brand name, then a remark', "Dunkin' -- Donuts"],
  ['a height, then a remark', "6' -- roughly"],
  ['an attribute pasted after a quote', "red', color='blue"],
  ['an issue number', 'issue#123'],
  ['musical keys', 'C#1 and F#(2)'],
  ['hashtags', 'I love #pizza and #pasta'],
  ['issue numbers joined by or', 'issue #123 or #124'],
  ['a room number', 'Room # 12 or 13'],
  ['a separator line', '----- notes -----'],
  ['a rating with a double dash', '5--(great)'],
  ['a language name before a parenthesis', 'Learn C#(and .NET) or Java'],
  ['an executable comment named in prose', 'Use /*!40101 SET NAMES utf8 */ in dumps'],
  ['an apostrophe, then a note', "O'Brien', note='hi"],
  ['a Windows path with \\N', 'C:\\New folder\\file.txt'],
  ['"grant all access" in a sentence', 'grant all access to the team'],
  ['"call ... (...)" in a sentence', 'Call support(24/7) now'],
  ['"copy ... to stdout" in a sentence', 'copy report to stdout please'],
  [
    'a user agent with Exec and a name in parentheses',
    'Rank Exec (rankexec.com) Reciprocal Link Manager 1.x/bot',
  ],
  // The tokenizer reads `ésleep` as one name; so must the delay-call check, short value or long.
  ['a name that merely ends in a delay function', 'résumésleep(5)'],
  ['a name with a non-ASCII letter before sleep', 'ésleep(5)'],
  ['an entity named after an Object method', 'a&valueOf;b'],
  ['fabric composition', '80% ACRYLIC AND 20% WOOL'],
  ['Irish surname', "O'Connell"],
  ['Italian surname', "D'Amore"],
  ['quoted word in prose', "Rock 'n' roll"],
  ['prose with select and drop', 'Please select your drop-off point'],
  ['street name with union', 'Union Street'],
  ['prose with union select', "O'connors UNION selected a few friends"],
  ['hex colour', '#ff0000'],
  ['two words around a semicolon', 'a; b'],
  ['e-mail', 'jane.doe+news@example.co.uk'],
  ['phone number', '+1 (555) 010-9999 x123'],
  ['URL with a query', 'https://shop.example.com/products?version=premium&option=deluxe#top'],
  ['JSON', '{"name":"Brando Wyman","email":"laurel@example.com","qty":12}'],
  [
    'user agent',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0',
  ],
  ['numbers joined by OR', '1950 or 1960'],
  ['statement word after a semicolon', '1; exec will create the case 7'],
  ['select sentence', 'select x from y where'],
  ['apostrophes and or', "bob's or alice's"],
  ['hash after a quote in prose', "FOO BAR'# BLAH"],
  ['random password', 'bM||w>U%ilxg'],
  ['random password with hash', 'Ff>eyjcglbr#'],
  ['JWT-like token with dashes', 'zzh7W_krs4jSNwVV2TssQsSbOj--'],
  ['arithmetic in a form', '70 + 0 = ?'],
  ['quoted keyword', '"LIKE" STAMP'],
  ['SQL words in a product name', 'UNIQUE TABLE RUNNER'],
  ['quoted nickname', "Tom 'n' Jerry"],
  ['open quote after or in prose', "2 or 'maybe"],
  ['typographic apostrophes and quotes', 'It’s Tom’s “best” idea'],
  ['height with primes', '5′ 11″ tall'],
  ['typographic quotes around words', '‘Hello’ or ‘Hi’'],
  ['if in prose', '1 if you can, 2 if not'],
  ['if and select in prose', 'If (x = 1) select the first option'],
  ['sleep with a duration in words', 'sleep (8 hours) is important'],
  ['benchmark in prose', 'benchmark: 3000 points (2023)'],
  ['select after a number in prose', '1 select from the list'],
  ['create after a number in prose', '2 create a table for the party'],
  ['update after a number in prose', '2 update your profile'],
  ['print after a number in prose', '1 print out the form'],
  ['copy after a number in prose', '10 copy paper from Staples'],
  ['grant in prose', 'Grant access to everyone'],
  ['Windows path with backslashes', 'C:\\xampp\\users'],
  ['JSON-style escape of a letter', 'caf\\u00e9 au lait'],
  ['control character between words', 'line1\u0001line2'],
  ['rock and roll', "rock'n'roll"],
  ['search with many quotes', "MISTERGLAS.DK'*'''''''''"],
  ['edition with a year range', "O'Reilly's 2nd edition (1990-1995)"],
  ['select and from in prose', 'Select a plan from our list'],
  ['desc in prose after a semicolon', 'desc: nice; desc users'],
  ['SKU with a quoted letter', "SKU-1234-'A'"],
  ['address with a hash', 'Union Street #5, Apt 2'],
  ['password with a quote and dashes', "pa$$w0rd'--x"],
  ['code in prose', '`code` in prose: select * from t'],
  ['markdown with a double dash', '**bold** or _italic_ -- see notes'],
  ['version string with a semicolon', 'version 1.2.3-beta; build 45'],
  ['ordinals', '1st or 2nd floor'],
  ['print with a quoted word', "Please print 'Hello'"],
  // Near misses of the probe, truncation, literal and statement rules.
  ['operator in double quotes in prose', 'SMALL "&" SIGN'],
  ['quoted keyword in double quotes', '"LIKE" STAMP'],
  ['quoted symbol in a phrase', "press '+' to zoom"],
  ['select of a quoted word', "select 'and'"],
  ['quoted names with or', "'Tom' or 'Jerry'"],
  ['O’Reilly with an ampersand', "O'Reilly & Sons"],
  ['list of numbers then a double dash', '1,1--'],
  ['Swiss price', '100.--'],
  ['number then a hash', '12345#'],
  ['number then a remark', '5 -- great product'],
  ['rank with a hash', '#1 seller'],
  ['Windows path ending in N', 'C:\\path\\N'],
  ['prices with dollars', '$5 and $10'],
  ['braces in prose', 'use {d 2} as the date'],
  ['template placeholders', '{name} or {other}'],
  ['password with pipes and a comparison', 'bM||w>U%ilxg'],
  ['password with quotes and a dot', '"+pjVu>".$KE'],
  ['password with a quote and a double dash', "x'--y"],
  ['version string', 'v1.2.3-rc.1'],
  ['SKU with dashes', 'SKU-1234--A'],
  ['markdown code span with SQL', 'run `select 1` then `--help`'],
  ['union in prose after an apostrophe', "Teachers' union"],
  ['goto in prose', 'I goto the gym'],
  ['use in prose after a semicolon', 'a; use b'],
  ['case in prose', 'case closed when done then end'],
  ['sleep with a word in parentheses in prose', 'sleep (lots) tonight'],
  ['current date in prose', 'the current date is fine'],
  // Near misses of the split-keyword and parameter-boundary rules.
  ['copy in prose', 'Copy to clipboard'],
  ['select and where in prose', 'select one from the list where possible'],
  ['heights with primes and a double dash', "5' -- 6' tall"],
  ['name with a remark', "O'Neil -- manager"],
  ['name with a remark before a parameter', "O'Neil -- &page=2"],
  ['number with an ampersand remark', '5 -- & more'],
  ['number with a remark before a parameter', '5 -- see notes &page=2'],
  ['words joined by an empty comment', 'foo/**/bar'],
  ['split keyword in prose', 'sel/**/ect one from the list'],
  ['nested empty comments', 'a/*/**/*/b'],
];

describe('detectSqlInjection', () => {
  describe('detects', () => {
    for (const [name, value] of ATTACKS) {
      it(name, () => {
        const verdict = detectSqlInjection(value);
        assert.equal(verdict.detected, true, value);
        assert.match(verdict.fingerprint ?? '', /^sqli:[a-z-]+$/);
      });
    }
  });

  describe('does not flag', () => {
    // Also past the length where the benign screen stops applying: the verdict must not depend on it.
    const pad = 'Lorem ipsum dolor sit amet. '.repeat(160);
    for (const [name, value] of BENIGN) {
      it(name, () => {
        assert.equal(detectSqlInjection(value).detected, false, value);
        assert.equal(detectSqlInjection(`${pad}${value}`).detected, false, `padded: ${value}`);
      });
    }
  });

  it('reports a fingerprint naming the construct, never the value', () => {
    assert.equal(detectSqlInjection('1 UNION SELECT password FROM users').fingerprint, 'sqli:union-select');
    assert.equal(detectSqlInjection('1; DROP TABLE users').fingerprint, 'sqli:stacked-query');
    assert.equal(detectSqlInjection("' OR '1'='1").fingerprint, 'sqli:tautology');
    assert.equal(detectSqlInjection('1 AND SLEEP(5)').fingerprint, 'sqli:time-delay');
    assert.equal(detectSqlInjection("admin'--").fingerprint, 'sqli:comment-truncation');
  });

  // PostgreSQL nests block comments: `/* /* */ x */` is one comment there, so what follows it is SQL.
  it('reads block comments as nested where that makes the fragment SQL', () => {
    const attacks = {
      "x' OR /* /* */ x */ 1=1--": 'sqli:tautology',
      '1 OR /* /* */ x */ 1=1--': 'sqli:tautology',
      "x' /* a /* b */ c */ OR 'a'='a": 'sqli:tautology',
      '1 /* /* */ */ UNION SELECT password FROM users': 'sqli:union-select',
    };
    for (const [value, fingerprint] of Object.entries(attacks)) {
      assert.equal(detectSqlInjection(value).fingerprint, fingerprint, value);
    }
    for (const value of [
      'see /* a /* b */ note */ please',
      'int x = 1; /* a /* b */ c */ return x;',
      '/* /* */',
    ]) {
      assert.equal(detectSqlInjection(value).detected, false, value);
    }
  });

  it('returns the shared clean verdict for clean values', () => {
    assert.deepEqual(detectSqlInjection('hello world'), { detected: false });
    assert.deepEqual(detectSqlInjection(''), { detected: false });
  });

  it('never throws and always returns a boolean verdict (property)', () => {
    const sqlish = fc.constantFrom(
      "'",
      '"',
      '(',
      ')',
      ' OR ',
      ' and ',
      '1=1',
      'UNION SELECT ',
      '--',
      '#',
      '/*',
      '*/',
      '/*!',
      ';',
      'sleep(',
      '%27',
      '&#39;',
      '\\',
      '`',
      '[',
      '@@',
      '\u0000',
      '＇',
      ' ',
      'x',
      '0x',
      '1e',
      '’',
      '′',
      '\\x27',
      '\u0018',
      ' if(',
      'benchmark(1,',
      ' select @@version',
      ' waitfor delay ',
    );
    const values = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.array(sqlish, { maxLength: 40 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(values, (value) => {
        const verdict = detectSqlInjection(value);
        assert.equal(typeof verdict.detected, 'boolean');
        if (verdict.detected) assert.ok(verdict.fingerprint?.startsWith('sqli:'));
      }),
      { numRuns: 1500 },
    );
  });

  describe('long values', () => {
    const mebibyte = 1 << 20;

    it('finds a payload behind a mebibyte of spaces', () => {
      assert.equal(detectSqlInjection(`${' '.repeat(mebibyte)}' or 1=1--`).detected, true);
    });

    it('finds a payload behind 100 KiB inside the broken-out literal', () => {
      assert.equal(
        detectSqlInjection(`${'a'.repeat(100_000)}' UNION SELECT password FROM users--`).detected,
        true,
      );
    });

    it('reports dense SQL that outlasts the work budget', () => {
      assert.equal(detectSqlInjection(`${'a and b or '.repeat(60_000)}c`).fingerprint, 'sqli:work-limit');
    });

    it('passes a 200 KiB article with apostrophes and SQL words in prose', () => {
      const paragraph =
        "It's the union's view that we'd select a few members from each branch, or drop the plan where it " +
        "doesn't fit; O'Connell and D'Amore agreed (1990-1995). Like Tom 'n' Jerry, they'd order by size -- ";
      assert.equal(
        detectSqlInjection(paragraph.repeat(Math.ceil(200_000 / paragraph.length))).detected,
        false,
      );
    });

    it('passes a 500 KiB base64 blob', () => {
      const bytes = new Uint8Array(375_000);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 3)) & 0xff;
      const blob = `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
      assert.equal(detectSqlInjection(blob).detected, false);
    });

    it('passes long JSON text and a long list of numbers', () => {
      const items = Array.from({ length: 4000 }, (_, i) => ({ id: i, name: `Item ${i}`, note: "it's fine" }));
      assert.equal(detectSqlInjection(JSON.stringify(items)).detected, false);
      const ids = Array.from({ length: 100_000 }, (_, i) => i).join(',');
      assert.equal(detectSqlInjection(ids).detected, false);
    });
  });

  // A guard against super-linear work (the denial-of-service risk), not the speed target: a quadratic scan of 1 MiB
  // takes seconds. The 5 ms target is measured on a quiet machine by `npm run bench -- inspect`; a test run shares
  // two cores with the rest of the suite.
  it('stays linear on pathological 1 MiB values (well under 25 ms each)', () => {
    const mebibyte = 1 << 20;
    const tokens = [
      "'",
      '"',
      '(',
      ')',
      ' OR ',
      '1=1',
      'UNION SELECT ',
      '--',
      '/*',
      '*/',
      '#',
      ';',
      'sleep(',
      '%27',
      ' and ',
      'select ',
      '\\x27',
    ];
    let mix = '';
    for (let i = 0; mix.length < mebibyte; i++) mix += tokens[(i * 7919) % tokens.length];
    let random = '';
    for (let state = 7; random.length < mebibyte; ) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      random += String.fromCharCode(state % 128);
    }
    const cases: Record<string, string> = {
      quotes: "'".repeat(mebibyte),
      parentheses: '('.repeat(mebibyte),
      comments: '/*'.repeat(mebibyte / 2),
      dashes: '-- '.repeat(mebibyte / 3),
      percentQuotes: '%27'.repeat(mebibyte / 3),
      entityQuotes: '&#39;'.repeat(mebibyte / 5),
      fullwidth: '＇'.repeat(mebibyte),
      escapedQuotes: "\\'".repeat(mebibyte / 2),
      executableComments: '/*!'.repeat(mebibyte / 3),
      ampersands: '&'.repeat(mebibyte),
      jsEscapes: '\\x27'.repeat(mebibyte / 4),
      spacesThenPayload: `${' '.repeat(mebibyte)}' or 1=1`,
      letters: 'a'.repeat(mebibyte),
      denseSql: 'a and b or '.repeat(mebibyte / 11),
      randomAscii: random,
      tokenMix: mix,
      // Each `--x` asks whether a line break follows, each string where the next backslash is: searched once per
      // reading, not once per token (these took 236 and 368 ms at 4 MiB when every token searched to the end).
      dashWords: `1${'--a'.repeat(mebibyte / 3)}`,
      backslashStrings: `x\\''${"+'a'".repeat(mebibyte / 4)}`,
      // `indexOf` in a two-byte string meets a false candidate at each character holding the byte it looks for
      // (中 U+4E2D holds `-`, kana 0x30, fullwidth forms 0xFF): 5 to 26 ms each when long values were searched so.
      cjkProse: '中文的句子，包括标点符号。'.repeat(mebibyte / 13),
      kanaProse: 'これは日本語の文章です。「引用」も含む、'.repeat(mebibyte / 20),
      fullwidthLetters: 'Ｇ'.repeat(mebibyte),
      cjkDashes: '中-'.repeat(mebibyte / 2),
      // One wide character makes the whole value two-byte: each native pass then reads it at half the speed.
      asciiThenIdeographicSpace: `${'x y ab '.repeat(mebibyte / 7)}\u3000'`,
      asciiThenEmoji: `${'x y ab '.repeat(mebibyte / 7)}😀\u3000'`,
    };
    // Warm-up on shorter values of the same shapes, so the timing measures compiled code.
    for (const value of Object.values(cases)) {
      for (let run = 0; run < 20; run++) detectSqlInjection(value.slice(0, 4096 + run));
    }
    for (const [name, value] of Object.entries(cases)) {
      // The fastest of a few runs: the machine may be busy, the bound is on the algorithm.
      const fastestMs = fastest(() => detectSqlInjection(value), 5);
      assert.ok(fastestMs < 25, `${name}: ${fastestMs.toFixed(2)} ms`);
    }
  });

  // Fullwidth padding is decoded up to the decoding's budget (4,096 escapes), and the readings past it decode windows
  // of the rest on their own: a payload there is found, and a window without `%`, `&` or `\\` is decoded still.
  it('decodes fullwidth SQL past the budget of a fullwidth-padded value', () => {
    for (const value of [
      `${'ｘ'.repeat(4200)} －1839＇　or　＇1＇＝＇1`,
      `${'ａｂ '.repeat(1500)}＇　or　＇1＇＝＇1`,
      `${'ｘ'.repeat(4200)} EmptyValue＇　and　526＝527`,
    ]) {
      assert.equal(detectSqlInjection(value).fingerprint, 'sqli:tautology', value.slice(-30));
    }
  });

  // A long two-byte value is searched in a one-byte shadow where CJK text is `ÿ` and its punctuation a no-break
  // space; its decoding looks for `%`, `&` and `\\` escapes there and for fullwidth forms in the value itself. Each
  // order of the two kinds, and a payload spelled with each, must be decoded as before.
  it('decodes escapes and fullwidth forms in either order in a long two-byte value', () => {
    const cjk = '中文的句子，包括标点符号。'.repeat(400);
    for (const [value, fingerprint] of [
      [`${cjk}x＇ or ＇1＇=＇1`, 'sqli:tautology'],
      [`${cjk}x%27 or %271%27=%271`, 'sqli:tautology'],
      [`${cjk}ｘ%27　or　'1'='1`, 'sqli:tautology'],
      [`${cjk}%20＇　union　select　password　from　users--`, 'sqli:union-select'],
      [`${cjk}x&#39; or &apos;1&apos;=&#x27;1`, 'sqli:tautology'],
      [`${cjk}\\u0027 or 1=1--`, 'sqli:tautology'],
    ] as const) {
      assert.equal(detectSqlInjection(value).fingerprint, fingerprint, value.slice(-40));
      // The same text without the payload's escapes reads clean.
      assert.equal(detectSqlInjection(`${cjk}x＇s 1 and ＂x＂`).detected, false);
    }
  });

  // The decoding of a long value starts at the first character that may begin something it reads, which the scan
  // finds by `memchr`. A NUL shares its bit of the scan with `%`, `&` and `\\`: found after them, it was skipped,
  // and the decoding started past it and left it in (found by a reviewer session's differential fuzzing).
  it('begins the decoding of a long value at a NUL before its other escapes', () => {
    for (const [value, fingerprint] of [
      [`\0’\0%${'-'.repeat(4089)}0x1F`, 'sqli:comment-truncation'],
      [
        `\0admin'--${'\u3000’'.repeat(1446)}${'\u3000）\u3000’'.repeat(443)}${'\u3000\\\\='.repeat(356)}`,
        'sqli:comment-truncation',
      ],
      [`\ufffd$$\0${'&#'.repeat(2050)}&（&#255;waitfor delay '0:0:5'/*`, 'sqli:work-limit'],
    ] as const) {
      assert.equal(detectSqlInjection(value).fingerprint, fingerprint, JSON.stringify(value.slice(0, 12)));
    }
  });

  // A long two-byte value whose wide characters all decode (ASCII text and one ideographic space) is decoded into a
  // one-byte string, which the readings search twice as fast. A wide character that stays (U+2027, which holds the
  // byte of `'`) must stay itself: narrowed to one byte, each of these would read as a quote and an injection.
  it('keeps the wide characters a decoding leaves, whatever byte they hold', () => {
    const cases = [
      `${'ｘ'.repeat(4200)} x\u2027 or 1=1--`,
      `${'ｘ'.repeat(4200)} x\u2027 or \u20271\u2027=\u20271`,
      `${'a '.repeat(2500)}\u3000x\u2027 or \u20271\u2027=\u20271`,
      `${'a%20'.repeat(1200)} x\u2027 or \u20271\u2027=\u20271`,
      `${'a '.repeat(2500)}\u3000x%E2%80%A7 or %E2%80%A71%E2%80%A7=%E2%80%A71`,
      `${'a%20'.repeat(1200)} x%E2%80%A7 or %E2%80%A71%E2%80%A7=%E2%80%A71`,
      `${'a '.repeat(2500)}\u3000x&#x2027; or &#x2027;1&#x2027;=&#x2027;1`,
    ];
    for (const value of cases) {
      assert.equal(detectSqlInjection(value).detected, false, value.slice(-40));
      const narrowed = value
        .replace(/\u2027|%E2%80%A7|&#x2027;/g, "'")
        .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode((c.codePointAt(0) as number) - 0xfee0));
      assert.equal(detectSqlInjection(narrowed).detected, true, narrowed.slice(-40));
    }
  });

  // Each `$tag$` that opens a dollar quote asks where it closes; when none closes, that search reads the rest of the
  // value. One per `$tag$` made `$a0$+$a1$+...` quadratic until the budget stopped it (9 ms from 16 KiB up); after an
  // unclosed one, no dialect reads a later `$tag$` as a quote, so one search per reading is enough.
  it('reads unclosed dollar quotes with one search per reading', () => {
    let tags = '';
    for (let i = 0; tags.length < 64 * 1024; i++) tags += `$a${i}$+`;
    for (let run = 0; run < 20; run++) detectSqlInjection(tags.slice(0, 4096 + run));
    // Fastest of 15: in a fresh process the first five runs still compile (0.9 to 1.9 ms at best, 0.3 ms after).
    const fastestMs = fastest(() => detectSqlInjection(tags), 15);
    assert.ok(fastestMs < 3, `${fastestMs.toFixed(2)} ms`);
  });

  // The answer for the last `$tag$` is remembered for the next reading of the same value. Compared by value before
  // position, and kept across calls, it once let one request make every later `$` of another request cost a
  // comparison of a whole mebibyte (64 ms per value; 390 ms when the first value was two-byte).
  it('does not let one value slow down the next through what it remembers', () => {
    const mebibyte = 1 << 20;
    const tail = ` +${'$+'.repeat(1000)}1`;
    const prefix = `${`x y ${'ab '.repeat(mebibyte / 3)}`.slice(0, mebibyte - tail.length - 2)}　'`;
    const primer = `${prefix} +$a$$a$`.padEnd(mebibyte, ' ');
    const victim = prefix.replace('　', ' ') + tail;
    for (let run = 0; run < 5; run++) detectSqlInjection(victim.slice(-8192 - run));
    let fastestMs = Number.POSITIVE_INFINITY;
    for (let run = 0; run < 3; run++) {
      detectSqlInjection(primer);
      const started = process.hrtime.bigint();
      detectSqlInjection(victim);
      fastestMs = Math.min(fastestMs, Number(process.hrtime.bigint() - started) / 1e6);
    }
    assert.ok(fastestMs < 20, `${fastestMs.toFixed(2)} ms`);
  });

  describe('benign screen', () => {
    it('clears plain values without reading them', () => {
      for (const value of [
        'John Smith, 12 Main St.',
        '+1 (555) 010-9999',
        'https://example.com/a/b?x=1',
        '3rd street',
      ]) {
        assert.equal(cannotBeSql(value), true, value);
      }
    });

    // Each of these needs the readings: a word of the lexicon (whole, glued to a number, after a dollar-quoted
    // string), a quote, a comment, logic symbols, a system variable, or something a decoding round changes.
    it('leaves to the readings every value holding something they act on', () => {
      const cases = [
        '1union',
        '1Dunion',
        '0x1Funion',
        '1.5e3union',
        '1.Dunion',
        '1.e5union',
        '$$x$$union',
        'x goto y',
        "O'Connell",
        'say "hi"',
        'a -- b',
        'a /* b',
        'a # b',
        '1||1',
        '1&&1',
        '@@version',
        'a\\N',
        '1%27',
        '\uff07',
        '1\u2019 x',
        'a\u0000b',
      ];
      for (const value of cases) assert.equal(cannotBeSql(value), false, value);
    });

    it('only clears values no reading flags (property)', () => {
      // SQL's pieces without the screen's triggers, with a few lexicon words and triggers so both sides are seen.
      const piece = fc.constantFrom(
        '1',
        '0x1F',
        '1e5',
        '1.',
        '.5',
        'x',
        'id',
        'users',
        'abc1',
        'D',
        'é',
        'ü1',
        '$$',
        '$',
        '@',
        '@a',
        '(',
        ')',
        ',',
        ';',
        '.',
        '=',
        '<',
        '>',
        '!',
        '+',
        '-',
        '*',
        '/',
        ':',
        '?',
        '[',
        ']',
        '{',
        '}',
        '`',
        '~',
        '^',
        ' ',
        '  ',
        '\t',
        'union',
        'or',
        'select',
        'sleep',
        'goto',
        'if',
        'null',
        "'",
        '--',
      );
      fc.assert(
        fc.property(fc.array(piece, { minLength: 2, maxLength: 12 }), (pieces) => {
          const value = pieces.join('');
          return !cannotBeSql(value) || findInjection(value) === undefined;
        }),
        { numRuns: 20000 },
      );
    });

    // `unread.ts` clears a value whose as-is reading ran out of budget when it holds no trigger but quotes: literals
    // are operands to that reading, and no signal is made of literals, names, numbers and operators alone.
    it('finds nothing as-is in literals, names, numbers and operators alone (property)', () => {
      const piece = fc.constantFrom(
        "'a'",
        '"a"',
        "''",
        "'",
        '"',
        "'it''s'",
        '"x y"',
        '1',
        '0x1F',
        '1e5',
        '.5',
        'x',
        'é',
        '$',
        '$a$',
        '@x',
        '[x]',
        '`x`',
        '{',
        '}',
        '?',
        '=',
        '<',
        '>',
        '!',
        '!=',
        '<=>',
        '+',
        '-',
        '*',
        '/',
        '%',
        '^',
        '~',
        ':',
        ':=',
        '(',
        ')',
        ',',
        ';',
        '.',
        ' ',
        '\n',
        '&',
        '->>',
      );
      // Pieces side by side may make a comment or logic symbols (`-` `-`, `&` `&`), which are triggers.
      const trigger = /--|\/\*|#|\||&&|@@|\\/;
      fc.assert(
        fc.property(fc.array(piece, { minLength: 1, maxLength: 16 }), (pieces) => {
          const value = pieces.join('');
          tokens.startBudget();
          return trigger.test(value) || judgeSql(value, 0, false) === undefined;
        }),
        { numRuns: 20000 },
      );
    });

    it('gives the verdict of the screen and then the readings, whichever runs first', () => {
      // `findScreened` reads a value that starts like a continuation (`-`, `(`, a space...) before screening it.
      const piece = fc.constantFrom(
        '-',
        '(',
        ')',
        ' ',
        '+',
        '1',
        'x',
        'union',
        'select',
        'or',
        "'",
        '=',
        '--',
        '#',
      );
      fc.assert(
        fc.property(fc.array(piece, { minLength: 2, maxLength: 10 }), (pieces) => {
          const value = pieces.join('');
          const expected = cannotBeSql(value) ? undefined : findInjection(value);
          return findScreened(value) === expected;
        }),
        { numRuns: 5000 },
      );
    });
  });
});

describe('SQL word table', () => {
  it('finds a word in any case, inside a value', () => {
    const union = wordId('union');
    assert.equal(roleOf(union), Role.union);
    for (const spelling of ['union', 'UNION', 'UnIoN'])
      assert.equal(lookupWord(spelling, 0, 5), union, spelling);
    assert.equal(lookupWord('1 union select', 2, 7), union);
    assert.equal(lookupWord('x sha1(', 2, 6), wordId('sha1'));
    assert.equal(lookupWord('utl_http', 0, 8), wordId('utl_http'));
  });

  // Words are bucketed by length, first and last character: a word of a known shape is still compared whole.
  it('rejects words that only share the shape of a known word', () => {
    for (const word of ['unoin', 'uxxxn', 'sha9', 'shb1', 'utl-http', 'unio', 'unions', '']) {
      assert.equal(lookupWord(word, 0, word.length), -1, word);
    }
  });
});

describe('SQL decoding', () => {
  it('joins words split by empty comments, and only then', () => {
    assert.equal(joinSplitWords('1 uni/**/on sel/**/ect 1'), '1 union select 1');
    assert.equal(joinSplitWords('uni/**/on/**/ 1'), 'union 1');
    for (const value of ['1 /**/union/**/ select', 'a /**/ b', '/**/x', 'x/**/', 'a/* */b', 'plain']) {
      assert.equal(joinSplitWords(value), value, value);
    }
  });

  it('returns the value itself when nothing decodes', () => {
    for (const value of ['plain text', '100% sure', 'a & b', 'C:\\dir', '&#', '%u12', 'a+b']) {
      assert.equal(normalizeOnce(value), value, value);
    }
  });

  // `normalizeOnce` skips values its native pre-check finds nothing in; `normalizeLong` has no pre-check and finds
  // its candidates another way. Both must decode the same.
  it('keeps a wide character before where a long decoding starts as it is', () => {
    // A caller may start the long decoder past a fullwidth form it does not want decoded: the form must stay what it
    // is, not be narrowed to its low byte (U+FF01 read as U+0001) when the result is built one byte per character.
    const value = `${'x'.repeat(100)}\uff01${'x'.repeat(4400)}&#65;${'x'.repeat(100)}`;
    const decoded = normalizeLong(value, Number.POSITIVE_INFINITY, false, 15, 4000);
    assert.equal(decoded, `${'x'.repeat(100)}\uff01${'x'.repeat(4400)}A${'x'.repeat(100)}`);
  });

  it('decodes as the long-value decoder does (property)', () => {
    const piece = fc.constantFrom(
      '%27',
      '%2',
      '%zz',
      '%u0027',
      '%U00',
      '%c3%a9',
      '%e2%80',
      '+',
      '&#39;',
      '&#x27',
      '&#',
      '&apos;',
      '&lpar;',
      '&nope;',
      '&',
      '\\x27',
      '\\u0027',
      '\\X2',
      '\\',
      '\0',
      '\uff07',
      '\uff53',
      '\u3000',
      '\u2019',
      'a',
      'Z',
      '1',
      ' ',
      ';',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const value = pieces.join('');
        return normalizeOnce(value) === normalizeLong(value, Number.POSITIVE_INFINITY);
      }),
      { numRuns: 20000 },
    );
    // Long values, one-byte and two-byte (searched in a shadow), with their candidates and the characters that only
    // look like their beginnings far apart or close together: the long decoder finds them by memchr then.
    const filler = fc.tuple(
      fc.constantFrom('a', ' ', 'x y', '\u00a0', '\u00ff', '\u4e2d', '\u3002'),
      fc.nat(3000),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(piece, filler), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('', '\u4e2d'),
        (pieces, wide) => {
          const value = `${'x'.repeat(4100)}${pieces.map(([p, [f, n]]) => p + f.repeat(n % 300 === 0 ? n : n % 40)).join('')}${wide}`;
          return normalizeOnce(value) === normalizeLong(value, Number.POSITIVE_INFINITY);
        },
      ),
      { numRuns: 300 },
    );
  });
});
