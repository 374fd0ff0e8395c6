"""Writes the import benchmark's files: ORGS organisations (semicolon CSV, Danish headers, every second one
with a CVR number) and CONTACTS contacts of those organisations (named by CVR), deterministic.
usage: make_import_files.py DIR ORGS CONTACTS MUNICIPALITY_IDS(comma)"""
import os, sys

out, orgs, contacts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
municipalities = [int(x) for x in sys.argv[4].split(",")]
weights = [2, 7, 6, 5, 4, 3, 2]

def cvr(n):
    """A valid CVR number (modulus 11) from the n-th seven-digit stem that has one."""
    stem = 3000000 + n * 13
    while True:
        digits = str(stem)
        check = (11 - sum(int(d) * w for d, w in zip(digits, weights)) % 11) % 11
        if check < 10:
            return digits + str(check)
        stem += 1

cvrs = [cvr(i) for i in range(orgs)]
with open(os.path.join(out, "organisations.csv"), "w", encoding="utf-8") as f:
    f.write("Navn;CVR;Kommune;Type;Adresse;Hjemmeside\r\n")
    for i in range(orgs):
        number = cvrs[i] if i % 2 == 0 else ""
        f.write(f"Importforeningen {i:06d};{number};{municipalities[i % len(municipalities)]};sports_club;"
                f"Vej {i % 300 + 1}, 8000 Aarhus;https://forening{i}.example.dk\r\n")
with open(os.path.join(out, "contacts.csv"), "w", encoding="utf-8") as f:
    f.write("Navn;E-mail;Telefon;Titel;Organisation\r\n")
    for i in range(contacts):
        org = (i % (orgs // 2)) * 2  # the organisations with a CVR number
        f.write(f"Import Person {i:07d};person{i}@bench.example.dk;{20000000 + i};Kontakt;{cvrs[org]}\r\n")
